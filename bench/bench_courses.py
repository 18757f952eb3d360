"""Lesson and module pages for a signed-in learner under gunicorn, with thousands of other learners' progress stored."""
from django.db import transaction

LEARNERS = 2000  # other learners, each enrolled with progress, so the tables the pages read are not empty
TARGET_P99_MS = 100
TARGET_RATIO = 0.6  # the lesson page's requests/s against the anonymous home page's, measured in the same run


@transaction.atomic
def _synthetic_progress(course, lessons) -> None:
    from accounts.models import User
    from courses.models import Enrolment, LessonProgress, ProgressStatus

    if Enrolment.objects.filter(course=course).count() >= LEARNERS:
        return
    users = User.objects.bulk_create(
        User(email=f"bench-learner-{i}@bench.test", full_name=f"Bench Learner {i}") for i in range(LEARNERS)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(user=user, course=course, last_lesson=lessons[i % len(lessons)]) for i, user in enumerate(users)
    )
    LessonProgress.objects.bulk_create(
        LessonProgress(enrolment=enrolment, lesson=lesson, status=ProgressStatus.COMPLETED, attempts=1)
        for i, enrolment in enumerate(enrolments)
        for lesson in lessons[: i % len(lessons)]
    )


def run(ctx) -> dict:
    from accounts.models import User
    from courses import services
    from courses.models import CoursePage

    course = CoursePage.objects.live().get(slug="understanding-trauma-influenced-behaviour")
    lessons = list(course.lessons())
    _synthetic_progress(course, lessons)
    learner = User.objects.create_user(email="bench-me@bench.test", full_name="Bench Me")
    services.enrolment_start(user=learner, course=course)  # "Start this module"
    services.evaluation_submit(user=learner, course=course, stage="before", ratings=None)
    services.lesson_open(user=learner, lesson=lessons[0], course=course)
    services.lesson_complete(user=learner, lesson=lessons[0])
    lesson = lessons[2]
    services.lesson_open(user=learner, lesson=lesson, course=course)  # a returning learner's lesson
    cookie = ctx.common.session_cookie_for(learner)
    headers = {"Cookie": cookie}
    lesson_path = f"{lesson.url}?continue=1"

    figures = {}
    pages = {
        "home_page_anonymous": ("/", {}),
        "lesson_page_learner": (lesson_path, headers),
        "module_page_learner": (course.url, headers),
        "my_learning_learner": ("/my-learning/", headers),
        "catalogue_learner": ("/modules/", headers),
    }
    runs: dict[str, list] = {name: [] for name in pages}
    with ctx.common.gunicorn_server(workers=2) as base_url:
        # Each worker's first requests load templates and code: warm them up before measuring.
        for path, page_headers in pages.values():
            ctx.common.measure_load(base_url, path=path, headers=page_headers, concurrency=10, duration=1)
        # Alternate the pages so that other load on the shared machine falls on all alike.
        for _ in range(3):
            for name, (path, page_headers) in pages.items():
                runs[name].append(
                    ctx.common.measure_load(base_url, path=path, headers=page_headers, concurrency=10, duration=3)
                )
        # One request at a time: the page's own cost, without queueing behind the other nine.
        figures["lesson_page_learner_one_at_a_time"] = ctx.common.measure_load(
            base_url, path=lesson_path, headers=headers, concurrency=1, duration=4
        )
    for name, measured in runs.items():
        figures[name] = ctx.common.median_of(measured)
    figures["other_learners"] = LEARNERS
    figures["lessons_in_module"] = len(lessons)
    # Each round's lesson figure against the home page's figure measured just before it, then the median.
    ratios = sorted(
        lesson["requests_per_second"] / home["requests_per_second"]
        for lesson, home in zip(runs["lesson_page_learner"], runs["home_page_anonymous"])
        if home["requests_per_second"]
    )
    figures["lesson_to_home_ratio"] = round(ratios[len(ratios) // 2], 2) if ratios else None
    figures["lesson_to_home_ratio_runs"] = [round(ratio, 2) for ratio in ratios]
    figures["target"] = (
        f"lesson page p99 < {TARGET_P99_MS} ms at 10 concurrent, and at least {TARGET_RATIO} of the home page's requests/s"
    )
    figures["target_met"] = (
        figures["lesson_page_learner"]["p99_ms"] < TARGET_P99_MS
        and (figures["lesson_to_home_ratio"] or 0) >= TARGET_RATIO
    )
    return figures
