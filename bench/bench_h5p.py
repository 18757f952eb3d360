"""H5P: import time of a 20 MB package with 600 files (checked, unpacked, libraries shared), and saved-state
writes per second into the state endpoint under gunicorn, from signed-in learners with CSRF."""
import io
import json
import os
import statistics
import time

LEARNERS = 200
FILES = 600
TARGET_BYTES = 20 * 1024 * 1024
CSRF_SECRET = "c" * 32  # Django accepts the unmasked secret as the header when it matches the cookie


def _big_package() -> bytes:
    from courses.h5p import samples

    files = samples.quiz_files(title="Bench: 20 MB")
    media = FILES - len(files)
    size = TARGET_BYTES // media
    # Random bytes: media is already compressed, so the zip stays about 20 MB, as a real export would.
    files.update({f"content/images/picture-{index:03}.jpg": os.urandom(size) for index in range(media)})
    return samples.zip_bytes(files)


def _import_times(data: bytes) -> dict:
    from courses.h5p.services import package_store, package_validate

    validate, store = [], []
    for _ in range(3):
        started = time.perf_counter()
        validated = package_validate(upload=io.BytesIO(data))
        checked = time.perf_counter()
        package_store(validated=validated, title="Bench: 20 MB")
        validate.append(checked - started)
        store.append(time.perf_counter() - checked)
    return {
        "package_bytes": len(data),
        "files": FILES,
        "validate_seconds_median": round(statistics.median(validate), 3),
        "unpack_and_record_seconds_median": round(statistics.median(store), 3),
        "import_seconds_median": round(statistics.median([a + b for a, b in zip(validate, store)]), 3),
    }


def _activity():
    from courses.models import LessonPage

    for lesson in LessonPage.objects.live().specific():
        for block in lesson.body:
            if block.block_type == "h5p":
                return lesson, block.id
    raise RuntimeError("The demo content has no lesson with an H5P activity")


def run(ctx) -> dict:
    from accounts.models import User

    figures = {"import_20mb_600_files": _import_times(_big_package())}

    lesson, activity_id = _activity()
    path = f"/h5p/state/{lesson.pk}/{activity_id}/"
    learners = User.objects.bulk_create(
        User(email=f"bench-state-{i}@bench.test", full_name=f"Bench state {i}") for i in range(LEARNERS)
    )
    cookies = [f"{ctx.common.session_cookie_for(user)}; csrftoken={CSRF_SECRET}" for user in learners]

    def request(i: int):
        # A typical saved state of a multi-question activity, a little different each time.
        state = json.dumps({"answers": {str(q): (i + q) % 3 for q in range(8)}, "progress": i % 8})
        headers = {"Cookie": cookies[i % LEARNERS], "X-CSRFToken": CSRF_SECRET, "Content-Type": "application/json"}
        return "POST", path, json.dumps({"state": state}).encode(), headers

    with ctx.common.gunicorn_server(workers=2) as base_url:
        runs = [
            ctx.common.measure_load(base_url, request_fn=request, concurrency=10, duration=5) for _ in range(3)
        ]
    figures["state_saves"] = ctx.common.median_of(runs)
    figures["learners"] = LEARNERS
    figures["note"] = "Issue 9 sets no target; H5P saves each open activity's state every H5P_SAVE_FREQ_SECONDS (5)."
    return figures
