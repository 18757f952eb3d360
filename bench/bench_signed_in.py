"""The reads every signed-in page makes (its session, its user, the person's permissions), timed in-process.

Each is timed two ways when both exist: with Django's own public code, and with the project's plain-SQL
shortcut if the code still has it (lms.sessions, the UserManager.get override, lms.navigation writing Django's
private `_perm_cache`). Beside them, a learner's lesson page requested in-process (Django's test client, no
server), so each saving can be read as a share of a real page. Issue 18 keeps a shortcut that reaches into
Django's private parts only if this shows it is worth that risk.
Run alone: `.venv/bin/python bench/run.py signed_in` (about a minute).
"""
import importlib
import statistics
import time

ROUNDS = 3000  # each read
PAGE_ROUNDS = 150


def _median_us(call, arguments) -> float:
    times = []
    for argument in arguments:
        started = time.perf_counter()
        call(argument)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1e6, 1)


def run(ctx) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
    from django.db import connection
    from django.test import Client

    from courses import services
    from courses.models import CoursePage
    from lms import navigation

    users = get_user_model()
    course = CoursePage.objects.live().get(slug="understanding-trauma-influenced-behaviour")
    lesson = list(course.lessons())[0]
    learner = users.objects.create_user(email="bench-signed-in@bench.test", full_name="Bench Signed In")
    services.enrolment_start(user=learner, course=course)
    services.evaluation_submit(user=learner, course=course, stage="before", ratings=None)
    services.lesson_open(user=learner, lesson=lesson, course=course)
    key = ctx.common.session_cookie_for(learner).split("=", 1)[1]

    figures: dict = {"rounds": ROUNDS}
    reads: dict = {}
    reads["session_django_db_engine_us"] = _median_us(lambda _: DatabaseSessionStore(key).load(), range(ROUNDS))
    engine = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    if engine is not DatabaseSessionStore:
        reads[f"session_{settings.SESSION_ENGINE}_us"] = _median_us(lambda _: engine(key).load(), range(ROUNDS))

    # What ModelBackend.get_user runs (the manager's get by primary key), with and without the override.
    reads["user_django_orm_us"] = _median_us(lambda _: users.objects.all().get(pk=learner.pk), range(ROUNDS))
    if "get" in type(users._default_manager).__dict__:
        reads["user_plain_sql_override_us"] = _median_us(lambda _: users._default_manager.get(pk=learner.pk),
                                                         range(ROUNDS))

    # A fresh user each time, as each request has: the permissions are read once per request, then cached on it.
    def fresh():
        return [users(pk=learner.pk, is_active=True) for _ in range(ROUNDS)]

    reads["permissions_django_backend_us"] = _median_us(ModelBackend().get_all_permissions, fresh())
    if hasattr(navigation, "_load_permissions"):
        reads["permissions_plain_sql_perm_cache_us"] = _median_us(navigation._load_permissions, fresh())
    figures["reads"] = reads

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    path = f"{lesson.url}?continue=1"
    assert client.get(path).status_code == 200, f"{path} did not answer 200 for the learner"
    queries = []
    # Counted with a wrapper: a request's start empties connection.queries, which CaptureQueriesContext reads.
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(path)
    times = []
    for _ in range(PAGE_ROUNDS):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    page_us = statistics.median(times) * 1e6
    figures["lesson_page_in_process_ms"] = round(page_us / 1000, 2)
    figures["lesson_page_queries"] = len(queries)

    pairs = {
        "session": ("session_django_db_engine_us", f"session_{settings.SESSION_ENGINE}_us"),
        "user": ("user_django_orm_us", "user_plain_sql_override_us"),
        "permissions": ("permissions_django_backend_us", "permissions_plain_sql_perm_cache_us"),
    }
    saved = {}
    for name, (django_key, shortcut_key) in pairs.items():
        if shortcut_key in reads:
            us = reads[django_key] - reads[shortcut_key]
            saved[name] = {"us": round(us, 1), "percent_of_lesson_page": round(100 * us / page_us, 2)}
    figures["saved_by_each_shortcut"] = saved or "no shortcut left: Django's own code throughout"
    return figures
