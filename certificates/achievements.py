"""What a source record (a completed enrolment, a delivered session) tells the certificates app."""
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CertificateDetails:
    achievement: Any                 # the model instance earned: a CoursePage or a SessionType
    achievement_title: str           # e.g. "Understanding trauma-influenced behaviour"
    recipient: Any = None            # a User, or None for a school or pupil certificate
    recipient_name: str = ""         # used when recipient is None
    cpd_hours: float = 0
    validity_months: int | None = None  # None: never expires
    contact: Any = None              # a User told about (and allowed to download) a certificate made out to a name,
                                     # e.g. the teacher who booked the session; ignored when recipient is set
