"""Forms learners fill in: catalogue filters, answers, reflections, assessments and evaluations."""
from django import forms

from . import timing
from .models import Level


class CatalogueFilterForm(forms.Form):
    level = forms.ChoiceField(required=False, label="Level")
    audience = forms.ChoiceField(required=False, label="Who it is for")

    def __init__(self, *args, audiences: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "All levels"), *Level.choices]
        self.fields["audience"].choices = [("", "Everyone"), *((a, a) for a in audiences)]

    def filter(self, courses: list) -> list:
        level, audience = self.cleaned_data.get("level"), self.cleaned_data.get("audience")
        return [
            course for course in courses
            if (not level or course.level == level) and (not audience or course.audience == audience)
        ]


class OpenedAtForm(forms.Form):
    """When the page was served (a stamp the server signed), to add up time spent on a lesson."""

    opened_at = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def opened_at_for(self, *, lesson_id: int, user_id: int):
        stamp = self.cleaned_data.get("opened_at", "") if self.is_valid() else ""
        return timing.opened_at_from(stamp, lesson_id=lesson_id, user_id=user_id)


class AnswerForm(forms.Form):
    answer = forms.IntegerField(min_value=0, error_messages={"required": "Choose an answer."})


class ReflectionForm(forms.Form):
    text = forms.CharField(required=False, max_length=5000, widget=forms.Textarea, strip=True)


class AssessmentForm(OpenedAtForm):
    """One radio question per question block; field names are the block ids."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, block in enumerate(questions, start=1):
            self.fields[f"q-{block.id}"] = forms.TypedChoiceField(
                label=f"Question {number}",
                coerce=int,
                choices=[(i, answer["text"]) for i, answer in enumerate(block.value["answers"])],
                error_messages={"required": f"Choose an answer to question {number}."},
            )

    def answers(self) -> dict[str, int]:
        return {block.id: self.cleaned_data[f"q-{block.id}"] for block in self.questions}


class EvaluationForm(forms.Form):
    def __init__(self, *args, statements: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for number, statement in enumerate(statements, start=1):
            self.fields[f"s{number}"] = forms.TypedChoiceField(
                label=statement,
                coerce=int,
                choices=[(i, str(i)) for i in range(1, 6)],
                error_messages={"required": f"Choose a number from 1 to 5 for “{statement.rstrip('.')}”."},
            )

    def ratings(self) -> list[int]:
        return [self.cleaned_data[name] for name in self.fields]
