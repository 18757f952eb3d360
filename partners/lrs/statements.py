"""What we say to an LRS: our records as xAPI statements, with our own activity ids and verbs under the site URL.

A `Draft` is a statement without its actor; each destination adds the actor the partner chose (email or account
id). A draft's id is derived from what happened (uuid5 of the site, the learner, the record and the verb), so the same event
always makes the same statement id: queued twice, it is kept once; sent twice, the LRS keeps one.
"""
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

ADL = "http://adlnet.gov/expapi/verbs/"
ADL_VERBS = {"completed", "passed", "failed", "answered", "attempted", "scored", "experienced", "interacted",
             "progressed", "mastered"}
STATEMENT_NAMESPACE = uuid.UUID("5b0e8f0e-2c39-4c5e-9a55-7b3f1a4c2d10")
MAX_IRI = 500


def site() -> str:
    return settings.SITE_URL.rstrip("/")


def our_iri(*parts) -> str:
    return "/".join([site(), "xapi", *[str(part) for part in parts]])


def verb_earned() -> dict:
    return {"id": our_iri("verbs", "earned-certificate"), "display": {"en-GB": "earned a certificate for"}}


def adl_verb(name: str) -> dict:
    return {"id": ADL + name, "display": {"en-GB": name}}


def activity(iri: str, name: str, kind: str) -> dict:
    return {"objectType": "Activity", "id": iri,
            "definition": {"name": {"en-GB": name[:255]}, "type": our_iri("activity-types", kind)}}


def module_activity(page_id: int, title: str) -> dict:
    return activity(our_iri("activities", "module", page_id), title, "module")


def lesson_activity(page_id: int, title: str) -> dict:
    return activity(our_iri("activities", "lesson", page_id), title, "lesson")


@dataclass
class Draft:
    key: str  # what happened, e.g. "module:12:completed": the statement id is derived from it
    source: str
    learner: object
    timestamp: datetime
    verb: dict
    object: dict
    result: dict | None = None
    parents: list[dict] = field(default_factory=list)

    @property
    def statement_id(self) -> uuid.UUID:
        return uuid.uuid5(STATEMENT_NAMESPACE, f"{site()}|{self.learner.pk}|{self.key}")

    def for_actor(self, actor: dict) -> dict:
        statement = {
            "id": str(self.statement_id),
            "actor": actor,
            "verb": self.verb,
            "object": self.object,
            "timestamp": self.timestamp.isoformat(),
            "context": {
                "platform": settings.SERVICE_NAME[:100],
                "language": "en-GB",
                "contextActivities": {
                    "grouping": [{"objectType": "Activity", "id": our_iri("activities", "site")}],
                    **({"parent": self.parents} if self.parents else {}),
                },
            },
        }
        if self.result:
            statement["result"] = self.result
        return statement


def score(*, raw=None, minimum=None, maximum=None, scaled=None) -> dict | None:
    """An xAPI score that an LRS accepts: raw only within min and max, scaled only within -1 and 1."""
    found = {}
    if maximum is not None and minimum is None:
        minimum = 0
    if raw is not None and maximum is not None and minimum <= raw <= maximum and minimum < maximum:
        found.update(raw=raw, min=minimum, max=maximum)
        if scaled is None:
            scaled = (raw - minimum) / (maximum - minimum)
    if scaled is not None and -1 <= scaled <= 1:
        found["scaled"] = round(scaled, 4)
    return found or None


def _verb_from_h5p(statement: dict, fallback: str) -> dict:
    """The verb the activity sent, if it is a plain http(s) IRI; its display kept short."""
    verb = statement.get("verb") if isinstance(statement, dict) else None
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not verb_id.startswith(("http://", "https://")) or len(verb_id) > MAX_IRI:
        return adl_verb(fallback)
    display = verb.get("display") if isinstance(verb.get("display"), dict) else {}
    label = next((str(text)[:100] for text in display.values() if isinstance(text, str)), verb_id.rsplit("/", 1)[-1])
    return {"id": verb_id, "display": {"en-GB": label}}


def h5p_draft(record, *, lesson_title: str, module) -> Draft:
    """A root statement an H5P activity sent (courses.h5p XAPIStatement): its verb and result, our activity id.

    The result is rebuilt from the fields the H5P app checked (score, success, completion), never copied from the
    browser's JSON, and the actor is the destination's view of the signed-in learner, never the browser's.
    """
    result = {}
    found = score(raw=record.score_raw, maximum=record.score_max)
    if found:
        result["score"] = found
    if record.success is not None:
        result["success"] = record.success
    if record.completion is not None:
        result["completion"] = record.completion
    return Draft(
        key=f"h5p:{record.pk}", source="h5p", learner=record.user, timestamp=record.received_at,
        verb=_verb_from_h5p(record.statement, record.verb or "experienced"),
        object=activity(our_iri("activities", "lesson", record.lesson_id, "h5p", record.block_id),
                        f"{lesson_title}: activity", "h5p-activity"),
        result=result or None,
        parents=[lesson_activity(record.lesson_id, lesson_title)] + ([module_activity(module.pk, module.title)]
                                                                     if module is not None else []),
    )


SCORM_PASSED = {"passed"}
SCORM_FAILED = {"failed"}


def scorm_outcomes(attempt) -> list[str]:
    """The verbs a SCORM attempt has earned so far: completed, then passed or failed (SCORM 1.2 and 2004)."""
    status_12 = (attempt.lesson_status or "").lower()
    verbs = []
    if attempt.completion_status == "completed" or status_12 in {"completed", "passed", "failed"}:
        verbs.append("completed")
    success = (attempt.success_status or "").lower()
    if success in SCORM_PASSED or status_12 in SCORM_PASSED:
        verbs.append("passed")
    elif success in SCORM_FAILED or status_12 in SCORM_FAILED:
        verbs.append("failed")
    return verbs


def scorm_drafts(attempt, *, lesson_title: str, module) -> list[Draft]:
    """A SCORM attempt as xAPI: one statement per outcome (completed, passed, failed), with the score."""
    # The SCORM app's own reading of the score (raw between min and max, 0 and 100 when the package gives none).
    percent = attempt.percent
    found = score(raw=attempt.score_raw,
                  minimum=attempt.score_min if attempt.score_min is not None else 0,
                  maximum=attempt.score_max if attempt.score_max is not None else 100,
                  scaled=percent / 100 if percent is not None else None)
    drafts = []
    for verb in scorm_outcomes(attempt):
        result = {"completion": True} if verb == "completed" else {"success": verb == "passed"}
        if found and verb != "completed":
            result["score"] = found
        drafts.append(Draft(
            key=f"scorm:{attempt.pk}:{verb}", source="scorm", learner=attempt.user, timestamp=attempt.updated_at,
            verb=adl_verb(verb),
            object=activity(our_iri("activities", "lesson", attempt.lesson_id, "scorm", attempt.block_id),
                            f"{lesson_title}: {attempt.sco.title}", "scorm-activity"),
            result=result,
            parents=[lesson_activity(attempt.lesson_id, lesson_title)] + ([module_activity(module.pk, module.title)]
                                                                         if module is not None else []),
        ))
    return drafts


def module_completed_draft(enrolment) -> Draft:
    return Draft(
        key=f"module:{enrolment.pk}:completed", source="module", learner=enrolment.user,
        timestamp=enrolment.completed_at, verb=adl_verb("completed"),
        object=module_activity(enrolment.course_id, enrolment.course.title), result={"completion": True},
    )


def certificate_draft(certificate) -> Draft:
    """A certificate issued to a person: our own verb, the certificate as the activity, what it was for as parent."""
    achievement_kind = certificate.achievement_content_type.model
    achievement_iri = our_iri("activities", "module" if achievement_kind == "coursepage" else achievement_kind,
                              certificate.achievement_object_id)
    return Draft(
        key=f"certificate:{certificate.pk}:earned", source="certificate", learner=certificate.recipient,
        timestamp=certificate.issued_at, verb=verb_earned(),
        object=activity(our_iri("activities", "certificate", certificate.credential_id),
                        f"Certificate: {certificate.achievement_title}", "certificate"),
        result={"completion": True, "extensions": {our_iri("extensions", "cpd-hours"): float(certificate.cpd_hours)}},
        parents=[activity(achievement_iri, certificate.achievement_title, "module" if achievement_kind == "coursepage"
                          else achievement_kind)],
    )


def actor(learner, destination) -> dict:
    """The learner as this partner chose to know them: their email (mbox) or our account id with a home page."""
    if destination.actor_identification == "account":
        return {"objectType": "Agent",
                "account": {"homePage": destination.account_home_page or site(), "name": str(learner.pk)}}
    return {"objectType": "Agent", "mbox": f"mailto:{learner.email}"}
