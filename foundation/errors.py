"""The one base of every refusal a service makes: a message written for the person who asked.

Each app keeps its own error class (`BookingError`, `CourseError`, ...) so its views catch only its own
refusals; all of them are `ServiceError`s, so `.message` is always there for the view to show.
"""


class ServiceError(Exception):
    """A change or request the rules do not allow; `message` says why, in plain English, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
