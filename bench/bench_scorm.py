"""SCORM CMI commits per second (and p50/p99) into the commit endpoint under gunicorn, from signed-in learners.

A lesson plays our own SCORM 1.2 package; many learners, each enrolled and with the lesson opened, commit
as authoring tools do while a learner works: the location, 2 KB of suspend data, the status and the
session time. Two mixes:
- progress: commits during a session (an update of the learner's attempt row);
- session_ends: commits that end a suspended session (the session time is added to the total).
"""
import io
import json

LEARNERS = 200
TARGET_PER_SECOND = 100  # a class of 30 committing every few seconds needs ~10/s; a partnership's peak far less
CSRF_SECRET = "c" * 32  # Django accepts the unmasked secret as the header when it matches the cookie
SUSPEND_DATA = ("q1=a;q2=c;slide=" + "0123456789" * 205)[:2048]


def _lesson():
    """A published module whose first lesson plays the SCORM 1.2 package we write ourselves."""
    from courses.demo import seed
    from courses.models import CoursePage
    from courses.scorm import samples
    from courses.scorm.services import package_import

    package = package_import(upload=io.BytesIO(samples.scorm12_single()), title="Bench SCORM 1.2")
    seed([{
        "title": "Bench SCORM module", "slug": "bench-scorm-module", "summary": "Benchmark only.",
        "audience": "Nobody", "level": "informed", "cpd_hours": 1, "estimated_minutes": 10, "pass_mark": 80,
        "validity_months": None, "evaluation_questions": [],
        "lessons": [{"title": "SCORM lesson", "slug": "scorm-lesson", "content_warning": None,
                     "blocks": [("rich_text", "<p>Bench.</p>")]}],
        "assessment": {"title": "Check", "intro": "", "questions": []},
    }])
    course = CoursePage.objects.get(slug="bench-scorm-module")
    lesson = course.lessons().get(slug="scorm-lesson").specific
    lesson.body = [{"type": "scorm", "id": "bench-scorm", "value": {"package": package.pk, "title": "Bench"}}]
    lesson.save_revision().publish()
    return course, lesson


def run(ctx) -> dict:
    from accounts.models import User
    from courses import services

    course, lesson = _lesson()
    path = f"/scorm/cmi/{lesson.pk}/bench-scorm/"
    learners = User.objects.bulk_create(
        User(email=f"bench-scorm-{i}@bench.test", full_name=f"Bench SCORM {i}") for i in range(LEARNERS)
    )
    for learner in learners:
        services.enrolment_start(user=learner, course=course)
        services.lesson_open(user=learner, lesson=lesson, course=course)
    cookies = [f"{ctx.common.session_cookie_for(user)}; csrftoken={CSRF_SECRET}" for user in learners]

    def requests(terminate: bool):
        def request(i: int):
            body = {
                "sco": "ITEM-sco1",
                "attempt": 1,
                "terminate": terminate,
                "values": {
                    "cmi.core.lesson_location": f"page-{i % 3 + 1}",
                    "cmi.suspend_data": SUSPEND_DATA,
                    "cmi.core.lesson_status": "incomplete",
                    "cmi.core.exit": "suspend",
                    "cmi.core.session_time": "0000:01:30",
                },
            }
            headers = {"Cookie": cookies[i % LEARNERS], "X-CSRFToken": CSRF_SECRET, "Content-Type": "application/json"}
            return "POST", path, json.dumps(body).encode(), headers

        return request

    figures = {}
    with ctx.common.gunicorn_server(workers=2) as base_url:
        for name, terminate in (("progress_commits", False), ("session_end_commits", True)):
            runs = [
                ctx.common.measure_load(base_url, request_fn=requests(terminate), concurrency=10, duration=5)
                for _ in range(3)
            ]
            figures[name] = ctx.common.median_of(runs)
    figures["learners"] = LEARNERS
    figures["target"] = f"at least {TARGET_PER_SECOND} commits/s (progress commits, 2 gunicorn workers, 10 concurrent)"
    figures["target_met"] = figures["progress_commits"]["requests_per_second"] >= TARGET_PER_SECOND
    return figures
