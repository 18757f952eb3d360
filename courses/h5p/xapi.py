"""Reading one xAPI statement sent by the player: what is checked, and what counts as a score."""
import json
import math
import uuid
from dataclasses import dataclass
from typing import Any

from foundation.errors import ServiceError

MAX_STATEMENT_BYTES = 64 * 1024
# One learner's stored statements per activity: a generous allowance for real use (an activity sends a
# handful per attempt), a ceiling on what one account can add to the database.
MAX_STATEMENTS_PER_ACTIVITY = 500
MAX_BYTES_PER_ACTIVITY = 2 * 1024 * 1024
ADL_VERB = "http://adlnet.gov/expapi/verbs/"
SCORING_VERBS = {ADL_VERB + verb for verb in ("completed", "answered", "passed", "failed")}


class StatementRejected(ServiceError):
    """The statement cannot be accepted; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Statement:
    id: uuid.UUID
    verb: str
    is_root: bool
    score_raw: float | None
    score_max: float | None
    success: bool | None
    completion: bool | None
    data: dict

    @property
    def scores_lesson(self) -> bool:
        """A root statement that finishes the activity with a score counts towards the lesson."""
        return (
            self.is_root
            and self.verb in SCORING_VERBS
            and self.score_raw is not None
            and self.score_max is not None
            and self.score_max > 0
        )


def _reject_constant(value: str):
    raise ValueError(f"{value} is not allowed")


def _number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise StatementRejected(f"result.score.{name} must be a number.")
    return float(value)


def _flag(value: Any, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise StatementRejected(f"result.{name} must be true or false.")


def _unstorable_text(data: Any) -> bool:
    """Whether any key or string holds a NUL or a lone surrogate: PostgreSQL cannot store either in JSON,
    and no honest activity sends them. Walked without recursion, so deep nesting costs no stack."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            if "\x00" in value:
                return True
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # only a lone surrogate cannot be encoded
                return True
    return False


def statement_parse(body: bytes, *, actor: dict) -> Statement:
    """Check the statement and put `actor` (the signed-in person) in place of whatever it claimed."""
    if len(body) > MAX_STATEMENT_BYTES:
        raise StatementRejected("The statement is too large.", status=413)
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise StatementRejected("The statement is not valid JSON.")
    if not isinstance(data, dict):
        raise StatementRejected("The statement must be a JSON object.")
    if _unstorable_text(data):
        raise StatementRejected("The statement contains a character that cannot be stored (a NUL or a lone surrogate).")
    try:
        statement_id = uuid.UUID(str(data.get("id")))
    except ValueError:
        raise StatementRejected("The statement needs an id that is a UUID.")
    verb = data.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not verb_id or len(verb_id) > 255:
        raise StatementRejected("The statement needs a verb with an id.")

    result = data.get("result") or {}
    if not isinstance(result, dict):
        raise StatementRejected("result must be an object.")
    score = result.get("score") or {}
    if not isinstance(score, dict):
        raise StatementRejected("result.score must be an object.")
    raw, maximum, minimum = _number(score.get("raw"), "raw"), _number(score.get("max"), "max"), _number(score.get("min"), "min")
    scaled = _number(score.get("scaled"), "scaled")
    if raw is not None and raw < 0:
        raise StatementRejected("The score is below 0.")
    if maximum is not None and maximum < 0:
        raise StatementRejected("The maximum score is below 0.")
    if raw is not None and maximum is not None and raw > maximum:
        raise StatementRejected("The score is above the maximum.")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise StatementRejected("The minimum score is above the maximum.")
    if scaled is not None and not -1 <= scaled <= 1:
        raise StatementRejected("The scaled score must be between -1 and 1.")

    context = data.get("context") or {}
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    parent = activities.get("parent") if isinstance(activities, dict) else None
    return Statement(
        id=statement_id,
        verb=verb_id,
        is_root=not parent,
        score_raw=raw,
        score_max=maximum,
        success=_flag(result.get("success"), "success"),
        completion=_flag(result.get("completion"), "completion"),
        data={**data, "actor": actor},
    )


def statement_quota_check(*, user, lesson_id: int, activity_id: str, size: int) -> None:
    """Refuse (429) a statement beyond the learner's allowance for this activity, by count or by bytes."""
    from django.db.models import Count, Sum, TextField
    from django.db.models.functions import Cast, Length

    from .models import XAPIStatement

    stored = XAPIStatement.objects.filter(user=user, lesson_id=lesson_id, block_id=activity_id).aggregate(
        count=Count("pk"), size=Sum(Length(Cast("statement", output_field=TextField())))
    )
    if stored["count"] >= MAX_STATEMENTS_PER_ACTIVITY or (stored["size"] or 0) + size > MAX_BYTES_PER_ACTIVITY:
        raise StatementRejected(
            "This activity has saved as much as it can for you. Your progress so far is kept.", status=429
        )
