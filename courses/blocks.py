"""The blocks editors build lessons and assessments from."""
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from courses.packages.blocks import H5PActivityBlock, ScormPackageBlock

LESSON_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"
        preview_value = {"alt_text": "A youth worker talking with a young person", "caption": ""}


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150)
    video_url = blocks.URLBlock(help_text="Address of an MP4 or WebM file.")
    captions_url = blocks.URLBlock(help_text="Address of the captions file (WebVTT, .vtt).")
    transcript = blocks.RichTextBlock(features=["bold", "italic", "ol", "ul"], help_text="Everything said and shown.")

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"
        preview_value = {
            "title": "What trauma can look like",
            "video_url": "https://example.org/video.mp4",
            "captions_url": "https://example.org/video.vtt",
            "transcript": "<p>Narrator: when a young person has been hurt…</p>",
        }


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.TextBlock(help_text="Shown to the learner after they choose this answer.")

    class Meta:
        icon = "tick"


class QuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock()
    answers = blocks.ListBlock(AnswerBlock(), min_num=2)

    class Meta:
        icon = "help"
        template = "courses/blocks/question.html"
        preview_value = {
            "question": "Which response is most likely to help a young person feel safe?",
            "answers": [
                {"text": "Speak calmly and explain what happens next", "correct": True, "feedback": "Yes."},
                {"text": "Insist they explain their behaviour at once", "correct": False, "feedback": "Not quite."},
            ],
        }

    def correct_indexes(self, value) -> set[int]:
        return {index for index, answer in enumerate(value["answers"]) if answer["correct"]}


class ContentWarningBlock(blocks.StructBlock):
    message = blocks.TextBlock(help_text="What the lesson covers that some people may find distressing.")

    class Meta:
        icon = "warning"
        template = "courses/blocks/content_warning.html"
        preview_value = {"message": "This lesson talks about violence against young people."}


class ReflectionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(help_text="A question the learner answers privately. Only they can see their answer.")

    class Meta:
        icon = "edit"
        template = "courses/blocks/reflection.html"
        preview_value = {
            "prompt": "Think of a time someone reacted in a way you did not expect. What might have been going on?"
        }


class KeyPointsBlock(blocks.StructBlock):
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/key_points.html"
        preview_value = {"points": ["Behaviour is communication.", "Safety comes first."]}


class SupportServiceBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=150)
    description = blocks.TextBlock(required=False)
    contact = blocks.CharBlock(max_length=250, help_text="Phone number, text number or web address.")

    class Meta:
        icon = "user"


class SignpostingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=150, default="If this lesson has affected you")
    services = blocks.ListBlock(SupportServiceBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "courses/blocks/signposting.html"
        preview_value = {
            "heading": "If this lesson has affected you",
            "services": [{"name": "Samaritans", "description": "Free, any time.", "contact": "116 123"}],
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document.html"
        preview_value = {"description": "A one-page summary to print"}


class LessonBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=LESSON_TEXT_FEATURES, template="courses/blocks/rich_text.html")
    heading = blocks.CharBlock(max_length=150, form_classname="title", template="courses/blocks/heading.html")
    image = ImageBlock()
    video = VideoBlock()
    h5p = H5PActivityBlock()
    scorm = ScormPackageBlock()
    question = QuestionBlock()
    content_warning = ContentWarningBlock()
    reflection = ReflectionBlock()
    key_points = KeyPointsBlock()
    signposting = SignpostingBlock()
    document = DocumentBlock()


class EvaluationStatementsBlock(blocks.StreamBlock):
    statement = blocks.CharBlock(
        max_length=250, help_text='A confidence statement rated 1 to 5, e.g. "I can recognise signs of trauma".'
    )
