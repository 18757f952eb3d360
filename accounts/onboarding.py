"""Hooks higher apps fill in from their AppConfig.ready(), so accounts never imports them.

* Approval queues: other kinds of request (such as a teacher's link to a school) that partnership
  staff decide on the same page as requests to join an organisation.
* Next steps: where to send a person after they sign up or sign in, when there is something they
  still need to do (such as finding their school).
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ApprovalQueue:
    key: str
    heading: str
    template: str  # rendered with `items`, the requests waiting
    pending: Callable[[], Iterable]


_queues: dict[str, ApprovalQueue] = {}
_next_steps: dict[str, Callable] = {}


def register_approval_queue(queue: ApprovalQueue) -> None:
    _queues[queue.key] = queue


def approval_queues() -> list[ApprovalQueue]:
    return list(_queues.values())


def register_next_step(key: str, step: Callable) -> None:
    """`step(user)` returns a URL the person should go to next, or None."""
    _next_steps[key] = step


def next_step_url(user) -> str | None:
    for step in _next_steps.values():
        url = step(user)
        if url:
            return url
    return None
