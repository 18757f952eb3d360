"""xAPI statements per second (and p50/p99) into the intake under gunicorn, from signed-in learners with CSRF.

Each request is a new statement (a new id) from one of many learners. Three mixes:
- typical: what H5P content sends while a learner works, 4 statements that are only stored
  (attempted, interacted, sub-content answered) for each root scored one; the target applies here;
- scoring: every statement scores the lesson (each calls the courses service: the heaviest path);
- tracking: no statement scores (a single insert each).
"""
import json
import uuid

LEARNERS = 200
TARGET_PER_SECOND = 300
CSRF_SECRET = "b" * 32  # Django accepts the unmasked secret as the header when it matches the cookie


def _activity():
    from courses.models import LessonPage

    for lesson in LessonPage.objects.live().specific():
        for block in lesson.body:
            if block.block_type == "h5p":
                return lesson, block.id
    raise RuntimeError("The demo content has no lesson with an H5P activity")


def _statement(verb: str, raw: int | None, parent: bool = False) -> bytes:
    statement = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"name": "not-trackable-bench"}},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"id": "http://localhost:8001/h5p/play/bench", "objectType": "Activity"},
        "context": {"contextActivities": {"category": [{"id": "http://h5p.org/libraries/H5P.VrpCheck-1.0"}]}},
    }
    if parent:
        statement["context"]["contextActivities"]["parent"] = [{"id": "http://localhost:8001/h5p/play/bench"}]
    if raw is not None:
        statement["result"] = {"score": {"min": 0, "max": 1, "raw": raw, "scaled": raw}, "completion": True}
    return json.dumps(statement).encode()


def run(ctx) -> dict:
    from accounts.models import User

    lesson, activity_id = _activity()
    path = f"/h5p/xapi/{lesson.pk}/{activity_id}/"
    learners = User.objects.bulk_create(
        User(email=f"bench-xapi-{i}@bench.test", full_name=f"Bench xAPI {i}") for i in range(LEARNERS)
    )
    cookies = [f"{ctx.common.session_cookie_for(user)}; csrftoken={CSRF_SECRET}" for user in learners]

    def requests(statement_of):
        def request(i: int):
            headers = {
                "Cookie": cookies[i % LEARNERS],
                "X-CSRFToken": CSRF_SECRET,
                "Content-Type": "application/json",
            }
            return "POST", path, statement_of(i), headers

        return request

    typical = [
        lambda i: _statement("attempted", None),
        lambda i: _statement("interacted", None),
        lambda i: _statement("answered", 1, parent=True),
        lambda i: _statement("interacted", None),
        lambda i: _statement("answered", (i // 5) % 2),  # the root result: wrong and right in turn
    ]
    mixes = {
        "typical_statements": requests(lambda i: typical[i % len(typical)](i)),
        "scoring_statements": requests(lambda i: _statement("answered", i % 2)),
        "tracking_statements": requests(lambda i: _statement("interacted", None)),
    }
    figures = {}
    with ctx.common.gunicorn_server(workers=2) as base_url:
        for name, request_fn in mixes.items():
            runs = [
                ctx.common.measure_load(base_url, request_fn=request_fn, concurrency=10, duration=5)
                for _ in range(3)
            ]
            figures[name] = ctx.common.median_of(runs)
    figures["learners"] = LEARNERS
    figures["target"] = f"at least {TARGET_PER_SECOND} statements/s (typical mix, 2 gunicorn workers, 10 concurrent)"
    figures["target_met"] = figures["typical_statements"]["requests_per_second"] >= TARGET_PER_SECOND
    return figures
