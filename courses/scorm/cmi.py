"""The CMI data model elements the site keeps, each checked against its SCORM type and limits.

The runtime in the browser (scorm-again) already refuses bad values with the right error code;
the site checks again because anything can be posted to it. A refused value comes back with the
SCORM error code its version defines (1.2: 401, 403, 405; 2004: 401, 404, 406, 407), never a 500,
and nothing of that commit is saved.
"""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SCORM_12 = "1.2"

# Error codes and their standard names, by version.
ERRORS_12 = {
    201: "Invalid argument error",
    401: "Not implemented error",
    403: "Element is read only",
    405: "Incorrect Data Type",
}
ERRORS_2004 = {
    201: "General Argument Error",
    401: "Undefined Data Model Element",
    404: "Data Model Element Is Read Only",
    406: "Data Model Element Type Mismatch",
    407: "Data Model Element Value Out Of Range",
}

TIMESPAN_12 = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(?:\.\d{1,2})?$")
DURATION_2004 = re.compile(
    r"^P(?:(?P<y>\d+)Y)?(?:(?P<mo>\d+)M)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<mi>\d+)M)?(?:(?P<s>\d+(?:\.\d{1,2})?)S)?)?$"
)
# Real numbers as SCORM writes them: no exponent, no infinity.
DECIMAL = re.compile(r"^-?\d{1,10}(?:\.\d{1,7})?$|^-?\.\d{1,7}$")
NAV_REQUEST = re.compile(r"^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}]{1,255}\}(choice|jump))$")


class CMIError(Exception):
    """A value the data model does not allow: `code` is the SCORM error code, `element` the element."""

    def __init__(self, code: int, element: str, message: str):
        super().__init__(message)
        self.code = code
        self.element = element
        self.message = message


@dataclass(frozen=True)
class Element:
    field: str  # the ScormAttempt field it is kept in
    kind: str  # "string", "vocabulary", "decimal", "timespan", "duration", "nav"
    limit: int = 0  # characters, for strings
    vocabulary: frozenset = frozenset()
    low: float | None = None
    high: float | None = None


ELEMENTS_12 = {
    "cmi.core.lesson_location": Element("location", "string", 255),
    # "not attempted" is the LMS's to set, never the SCO's (SCORM 1.2 RTE 3.4.4).
    "cmi.core.lesson_status": Element(
        "lesson_status", "vocabulary", vocabulary=frozenset({"passed", "completed", "failed", "incomplete", "browsed"})
    ),
    "cmi.core.score.raw": Element("score_raw", "decimal", low=0, high=100),
    "cmi.core.score.min": Element("score_min", "decimal", low=0, high=100),
    "cmi.core.score.max": Element("score_max", "decimal", low=0, high=100),
    "cmi.core.exit": Element("exit", "vocabulary", vocabulary=frozenset({"", "time-out", "suspend", "logout"})),
    "cmi.core.session_time": Element("session_time", "timespan"),
    "cmi.suspend_data": Element("suspend_data", "string", 4096),
}
READ_ONLY_12 = {
    "cmi.core._children", "cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.entry",
    "cmi.core.total_time", "cmi.core.lesson_mode", "cmi.launch_data", "cmi.student_data.mastery_score",
    "cmi.student_data.max_time_allowed", "cmi.student_data.time_limit_action", "cmi.core.score._children",
}

ELEMENTS_2004 = {
    "cmi.location": Element("location", "string", 1000),
    "cmi.completion_status": Element(
        "completion_status", "vocabulary", vocabulary=frozenset({"completed", "incomplete", "not attempted", "unknown"})
    ),
    "cmi.success_status": Element("success_status", "vocabulary", vocabulary=frozenset({"passed", "failed", "unknown"})),
    "cmi.score.scaled": Element("score_scaled", "decimal", low=-1, high=1),
    "cmi.score.raw": Element("score_raw", "decimal"),
    "cmi.score.min": Element("score_min", "decimal"),
    "cmi.score.max": Element("score_max", "decimal"),
    "cmi.progress_measure": Element("progress_measure", "decimal", low=0, high=1),
    "cmi.exit": Element("exit", "vocabulary", vocabulary=frozenset({"", "time-out", "suspend", "logout", "normal"})),
    "cmi.session_time": Element("session_time", "duration"),
    "cmi.suspend_data": Element("suspend_data", "string", 64000),
    "adl.nav.request": Element("", "nav"),
}
READ_ONLY_2004 = {
    "cmi._version", "cmi.learner_id", "cmi.learner_name", "cmi.credit", "cmi.entry", "cmi.total_time", "cmi.mode",
    "cmi.launch_data", "cmi.scaled_passing_score", "cmi.max_time_allowed", "cmi.time_limit_action",
    "cmi.completion_threshold", "cmi.score._children",
}


def elements(version: str) -> dict[str, Element]:
    return ELEMENTS_12 if version == SCORM_12 else ELEMENTS_2004


def error_name(version: str, code: int) -> str:
    return (ERRORS_12 if version == SCORM_12 else ERRORS_2004).get(code, "General error")


def values_check(version: str, values) -> dict[str, object]:
    """Check every posted element; return {attempt field: Python value} or raise CMIError on the first bad one.

    Blank scores mean "no score" (None). adl.nav.request is returned under its own name.
    """
    is_12 = version == SCORM_12
    type_error = 405 if is_12 else 406
    range_error = 405 if is_12 else 407
    if not isinstance(values, dict):
        raise CMIError(201, "", "The values must be sent as an object of element names and values.")
    known = elements(version)
    read_only = READ_ONLY_12 if is_12 else READ_ONLY_2004
    checked: dict[str, object] = {}
    for name, value in values.items():
        if name in read_only:
            raise CMIError(403 if is_12 else 404, name, f"{name} is read only.")
        element = known.get(name)
        if element is None:
            raise CMIError(401, name, f"{name} is not an element this site keeps.")
        if not isinstance(value, str):
            raise CMIError(type_error, name, f"{name} must be a string, as every SCORM value is.")
        if "\x00" in value or not _encodable(value):
            raise CMIError(type_error, name, f"{name} holds characters that cannot be stored.")
        key = element.field or name
        checked[key] = _check(element, name, value, type_error, range_error, is_12)
    return checked


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def _check(element: Element, name: str, value: str, type_error: int, range_error: int, is_12: bool):
    if element.kind == "string":
        if len(value) > element.limit:
            raise CMIError(
                type_error, name, f"{name} holds {len(value)} characters; SCORM allows at most {element.limit:,}."
            )
        return value
    if element.kind == "vocabulary":
        if value not in element.vocabulary:
            raise CMIError(type_error, name, f"{name} cannot be “{value[:40]}”.")
        return value
    if element.kind == "decimal":
        if value == "":
            return None
        if not DECIMAL.match(value):
            raise CMIError(type_error, name, f"{name} must be a number, not “{value[:40]}”.")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise CMIError(type_error, name, f"{name} must be a number, not “{value[:40]}”.")
        if (element.low is not None and number < Decimal(str(element.low))) or (
            element.high is not None and number > Decimal(str(element.high))
        ):
            raise CMIError(
                range_error, name, f"{name} must lie between {element.low:g} and {element.high:g}, not {value[:40]}."
            )
        return float(number)
    if element.kind == "timespan":
        if not TIMESPAN_12.match(value):
            raise CMIError(type_error, name, f"{name} must be a time span like 0001:30:05, not “{value[:40]}”.")
        return value
    if element.kind == "duration":
        if not DURATION_2004.match(value) or value in ("P", "PT") or value.endswith("T"):
            raise CMIError(type_error, name, f"{name} must be an ISO 8601 duration like PT1H30M5S, not “{value[:40]}”.")
        return value
    if element.kind == "nav":
        if not NAV_REQUEST.match(value):
            raise CMIError(type_error, name, f"{name} cannot be “{value[:40]}”.")
        return value
    raise CMIError(type_error, name, f"{name} cannot be stored.")  # pragma: no cover (every kind is handled above)


def seconds_from(version: str, value: str) -> float:
    """The length of a reported session time in seconds (0 when none was reported)."""
    if not value:
        return 0.0
    if version == SCORM_12:
        match = TIMESPAN_12.match(value)
        if not match:
            return 0.0
        hours, minutes, seconds = value.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    match = DURATION_2004.match(value)
    if not match:
        return 0.0
    parts = {key: float(number) if number else 0.0 for key, number in match.groupdict().items()}
    # Years and months have no fixed length; SCORM's own conformance tests use 365 and 30 days.
    days = parts["y"] * 365 + parts["mo"] * 30 + parts["d"]
    return days * 86400 + parts["h"] * 3600 + parts["mi"] * 60 + parts["s"]


def format_total(version: str, seconds: float) -> str:
    """A total time in the version's own format (HHHH:MM:SS.SS or an ISO 8601 duration)."""
    seconds = max(0.0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if version == SCORM_12:
        return f"{min(int(hours), 9999):04d}:{int(minutes):02d}:{secs:05.2f}"
    return f"PT{int(hours)}H{int(minutes)}M{secs:.2f}S"
