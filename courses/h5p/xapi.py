"""Reading one xAPI statement sent by the player: what is checked, and what counts as a score."""
import json
import math
import uuid
from dataclasses import dataclass
from typing import Any

MAX_STATEMENT_BYTES = 64 * 1024
ADL_VERB = "http://adlnet.gov/expapi/verbs/"
SCORING_VERBS = {ADL_VERB + verb for verb in ("completed", "answered", "passed", "failed")}


class StatementRejected(Exception):
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
