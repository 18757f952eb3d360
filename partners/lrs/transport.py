"""Talking to an LRS over HTTP: one POST of statements, and what its answer means, in plain English."""
from dataclasses import dataclass

import httpx
from django.conf import settings

XAPI_VERSION = "1.0.3"


@dataclass
class Answer:
    """What happened to one POST: taken (the LRS has every statement), refused (it never will), or try later."""

    taken: bool = False
    refused: bool = False
    status: int | None = None
    reason: str = ""

    @property
    def try_later(self) -> bool:
        return not self.taken and not self.refused


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail") or response.json().get("message") or ""
    except Exception:  # noqa: BLE001 - any body that is not a JSON object says nothing more
        detail = ""
    return str(detail)[:300]


def post_statements(*, url: str, key: str, secret: str, statements: list[dict]) -> Answer:
    """POST a list of statements. An id the LRS already has is an answer of 200/204 or 409: either way, taken."""
    try:
        response = httpx.post(
            url, json=statements, auth=(key, secret), timeout=settings.LRS_TIMEOUT_SECONDS,
            headers={"X-Experience-API-Version": XAPI_VERSION}, follow_redirects=False,
        )
    except httpx.TimeoutException:
        return Answer(reason=f"The LRS did not answer within {settings.LRS_TIMEOUT_SECONDS} seconds. "
                             "We will try again.")
    except httpx.HTTPError as error:
        return Answer(reason=f"Could not reach the LRS ({type(error).__name__}: {str(error)[:120]}). "
                             "We will try again.")
    status = response.status_code
    if status in (200, 204, 409):
        return Answer(taken=True, status=status)
    if status >= 500 or status in (408, 429):
        return Answer(status=status, reason=f"The LRS had a problem of its own (HTTP {status}). We will try again.")
    return Answer(refused=True, status=status, reason=_refusal(status, _detail(response)))


def _refusal(status: int, detail: str) -> str:
    said = f" It said: “{detail}”" if detail else ""
    if status in (401, 403):
        return (f"The LRS refused our key and secret (HTTP {status}). Check them with the partner, save them "
                f"again, then retry the failed statements.{said}")
    if status == 404:
        return ("The LRS has no statements address there (HTTP 404). Check the endpoint: it should end before "
                f"/statements, for example https://lrs.example.org/xAPI/.{said}")
    if status in (301, 302, 303, 307, 308):
        return (f"The LRS endpoint moved (HTTP {status}). Ask the partner for its current address and save it.")
    if status == 413:
        return f"The LRS said the statements were too large (HTTP 413).{said}"
    if status == 400:
        return f"The LRS did not accept the statement as valid xAPI (HTTP 400).{said}"
    return f"The LRS refused the statements (HTTP {status}).{said}"
