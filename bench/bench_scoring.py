"""Scoring under load, beside the anonymous home page in the same run: xAPI statements and SCORM commits.

The shape of issue 19's side-by-side: gunicorn with 2 sync workers on the bench database (SQLite in WAL mode
unless DATABASE_URL says otherwise), `wrk -t2 -c10` for BENCH_SCORING_SECONDS (default 10) per run, best
of three, the per-learner rate limits off (XAPI_RATE_LIMIT=0, SCORM_COMMIT_RATE_LIMIT=0) and the
per-learner cap of 500 statements per activity kept. Every request is a new record from one of
LEARNERS learners spread over several organisations, each enrolled with the lesson opened:

- home: the anonymous home page;
- xapi_scoring: an xAPI statement with a new id that scores the lesson (the heaviest statement);
- scorm_progress: a SCORM 1.2 commit as Storyline-style content sends it on each slide (location,
  4 KB of suspend data, status, session time), into the learner's open attempt;
- scorm_scoring: a SCORM 1.2 commit that scores and ends an attempt (failed and passed in turn), so
  each one reaches the lesson's progress; the next one opens the learner's next attempt.

Before the load runs, one scoring statement and one scoring commit are timed in-process (Django's test
client, median of 40) with their query counts: the learner's cost without queueing.
The SCORM package has the shape authoring tools export (Storyline-like: launch page, driver script,
schema files at the root, a few dozen assets, one SCO with a mastery score).
"""
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

LEARNERS = 120
ORGANISATIONS = 6
CSRF_SECRET = "d" * 32  # Django accepts the unmasked secret as the header when it matches the cookie
WRK = shutil.which("wrk") or "/usr/bin/wrk"
IN_PROCESS_SAMPLES = 40
SUSPEND_DATA = ("2a3b60708090a0b0c0d0e0f0g0h0i0j0k0l0m0n0o0p~2z1^1^" * 90)[:4000]  # Storyline packs state densely


# --- data ---------------------------------------------------------------------------------------

def _h5p_activity():
    from courses.models import LessonPage

    for lesson in LessonPage.objects.live().specific():
        for block in lesson.body:
            if block.block_type == "h5p":
                return lesson, block.id
    raise RuntimeError("The demo content has no lesson with an H5P activity")


def authoring_tool_package() -> bytes:
    """A SCORM 1.2 zip laid out as Storyline-style exports are: written here, no vendor file copied."""
    from courses.scorm.samples import zip_files

    assets = {f"story_content/slide{n}.png": b"\x89PNG\r\n\x1a\n" + bytes(200) for n in range(1, 25)}
    assets.update({f"story_content/audio{n}.mp3": b"ID3" + bytes(500) for n in range(1, 7)})
    assets.update({f"html5/data/js/slide{n}.js": f"window.slide{n} = {{id: {n}}};" for n in range(1, 25)})
    scripts = {
        "lms/scormdriver.js": "/* bench: finds the API and forwards the player's calls */ var API = null;",
        "html5/lib/scripts/app.min.js": "/* bench player */ (function () {})();",
        "html5/data/js/data.js": "window.globalProvideData('data', '{}');",
        "html5/lib/stylesheets/desktop.min.css": "body { margin: 0 }",
        "mobile/fonts.woff": b"wOFF" + bytes(100),
    }
    schemas = {name: f"<?xml version='1.0'?><!-- {name}: bench placeholder -->\n<schema/>" for name in (
        "adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd")}
    pages = {
        "index_lms.html": "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Course</title>"
                          "<script src='lms/scormdriver.js'></script></head><body><main>Course</main></body></html>",
        "story.html": "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Story</title></head>"
                      "<body></body></html>",
        "meta.xml": "<?xml version='1.0'?><project><title>Bench course</title></project>",
    }
    files = {**pages, **scripts, **schemas, **assets}
    listed = "\n".join(f'        <file href="{name}"/>' for name in files)
    manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="Bench_Course_SCORM12" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
    http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
    http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="Bench_Course_ORG">
    <organization identifier="Bench_Course_ORG">
      <title>Responding to distress</title>
      <item identifier="Bench_Course_SCO" identifierref="Bench_Course_RES" isvisible="true">
        <title>Responding to distress</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="Bench_Course_RES" type="webcontent" adlcp:scormtype="sco" href="index_lms.html">
{listed}
    </resource>
  </resources>
</manifest>
"""
    return zip_files({"imsmanifest.xml": manifest, **files})


def _scorm_lesson():
    from courses.demo import seed
    from courses.models import CoursePage
    from courses.scorm.services import package_import

    package = package_import(upload=io.BytesIO(authoring_tool_package()), title="Bench authoring-tool export")
    seed([{
        "title": "Bench scoring module", "slug": "bench-scoring-module", "summary": "Benchmark only.",
        "audience": "Nobody", "level": "informed", "cpd_hours": 1, "estimated_minutes": 10, "pass_mark": 80,
        "validity_months": None, "evaluation_questions": [],
        "lessons": [{"title": "SCORM lesson", "slug": "scorm-lesson", "content_warning": None,
                     "blocks": [("rich_text", "<p>Bench.</p>")]},
                    {"title": "Second lesson", "slug": "second-lesson", "content_warning": None,
                     "blocks": [("rich_text", "<p>Keeps the module open after the SCORM lesson.</p>")]}],
        "assessment": {"title": "Check", "intro": "", "questions": []},
    }])
    course = CoursePage.objects.get(slug="bench-scoring-module")
    lesson = course.lessons().get(slug="scorm-lesson").specific
    lesson.body = [{"type": "scorm", "id": "bench-scorm", "value": {"package": package.pk, "title": "Bench"}}]
    lesson.save_revision().publish()
    sco = package.scos.get(identifier="Bench_Course_SCO")
    return course, lesson, sco.identifier


def _learners(prefix: str):
    from accounts.models import MembershipStatus, Organisation, Sector, User

    organisations = [Organisation.objects.get_or_create(name=f"Bench organisation {n}",
                                                        defaults={"sector": Sector.POLICE})[0]
                     for n in range(ORGANISATIONS)]
    return User.objects.bulk_create(
        User(email=f"bench-{prefix}-{i}@bench.test", full_name=f"Bench {prefix} {i}",
             organisation=organisations[i % ORGANISATIONS], membership_status=MembershipStatus.APPROVED)
        for i in range(LEARNERS)
    )


def _enrol(learners, course, lesson):
    from courses import services

    for learner in learners:
        services.enrolment_start(user=learner, course=course)
        if course.statements:  # the demo modules ask first how confident the learner feels: skipped here
            services.evaluation_submit(user=learner, course=course, stage="before", ratings=None)
        services.lesson_open(user=learner, lesson=lesson, course=course)


def xapi_statement(raw: int) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"name": "not-trackable-bench"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"id": "http://localhost:8001/h5p/play/bench", "objectType": "Activity"},
        "context": {"contextActivities": {"category": [{"id": "http://h5p.org/libraries/H5P.VrpCheck-1.0"}]}},
        "result": {"score": {"min": 0, "max": 1, "raw": raw, "scaled": raw}, "completion": True},
    }


def scorm_progress_values(slide: int) -> dict:
    return {"cmi.core.lesson_location": f"slide{slide}", "cmi.suspend_data": SUSPEND_DATA,
            "cmi.core.lesson_status": "incomplete", "cmi.core.exit": "suspend",
            "cmi.core.session_time": "0000:01:30.00"}


def scorm_scoring_values(raw: int) -> dict:
    return {"cmi.core.lesson_location": "slide24", "cmi.suspend_data": SUSPEND_DATA,
            "cmi.core.score.raw": str(raw), "cmi.core.score.min": "0", "cmi.core.score.max": "100",
            "cmi.core.lesson_status": "passed" if raw >= 80 else "failed", "cmi.core.exit": "",
            "cmi.core.session_time": "0000:04:10.00"}


# --- in-process ---------------------------------------------------------------------------------

def _in_process(post, samples: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for i in range(samples + 3):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            status = post(i)
            elapsed = (time.perf_counter() - began) * 1000
        assert status < 300, status
        if i >= 3:  # the first few warm the caches and the connection
            times.append(elapsed)
            queries.append(len(captured.captured_queries))
    return {"median_ms": round(statistics.median(times), 2), "p90_ms": round(sorted(times)[int(0.9 * len(times))], 2),
            "queries_median": statistics.median(queries), "queries_max": max(queries), "samples": samples}


def in_process_figures(xapi_path, xapi_learners, scorm_path, scorm_learners, sco) -> dict:
    """One scoring statement and one scoring commit at a time, as the learners' browsers send them."""
    from django.test import Client

    clients = []
    for learner in (*xapi_learners[:4], *scorm_learners[:4]):
        client = Client()
        client.force_login(learner)
        clients.append(client)
    xapi_clients, scorm_clients = clients[:4], clients[4:]
    attempts = [0] * 4

    def statement(i):
        return xapi_clients[i % 4].post(xapi_path, json.dumps(xapi_statement(i % 2)),
                                        content_type="application/json").status_code

    def commit(i):
        attempts[i % 4] += 1
        body = {"sco": sco, "attempt": attempts[i % 4], "terminate": True,
                "values": scorm_scoring_values(90 if i % 8 == 7 else 40)}
        return scorm_clients[i % 4].post(scorm_path, json.dumps(body), content_type="application/json").status_code

    figures = {"xapi_scoring_statement": _in_process(statement, IN_PROCESS_SAMPLES),
               "scorm_scoring_commit": _in_process(commit, IN_PROCESS_SAMPLES)}
    if os.environ.get("BENCH_SCORING_SHOW_QUERIES"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for name, post in (("statement", statement), ("commit", commit)):
            with CaptureQueriesContext(connection) as captured:
                post(IN_PROCESS_SAMPLES + 10)
            print(f"-- one scoring {name}: {len(captured.captured_queries)} queries", flush=True)
            for query in captured.captured_queries:
                print(f"   {query['time']}  {query['sql'][:150]}", flush=True)
    return figures


# --- wrk ----------------------------------------------------------------------------------------

LUA = r"""
-- Generated by bench/bench_scoring.py: each thread takes its own learners, a new record each request.
local cookies = {COOKIES}
local starts = {STARTS}
local kind = "{KIND}"
local path = "{PATH}"
local sco = "{SCO}"
local suspend = "{SUSPEND}"
local threads_made = 0
local thread_list = {}
id, counter, share, first, attempts = 0, 0, 1, 0, {}  -- wrk may call request() before init()

function setup(thread)
  thread:set("id", threads_made)
  threads_made = threads_made + 1
  table.insert(thread_list, thread)
end

function init(args)
  math.randomseed(os.time() + id * 7919)
  counter = 0
  share = math.max(1, math.floor(#cookies / {THREADS}))
  first = id * share
  attempts = {}
end

local function uuid4()
  local t = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (t:gsub("[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

function request()
  if kind == "home" then
    return wrk.format("GET", "/", {})
  end
  local n = counter
  counter = counter + 1
  local learner = first + (n % share) + 1
  local headers = {["Cookie"] = cookies[learner], ["X-CSRFToken"] = "{CSRF}", ["Content-Type"] = "application/json"}
  local body
  if kind == "xapi" then
    local raw = n % 2
    body = '{"id":"' .. uuid4() .. '","actor":{"objectType":"Agent","account":{"name":"bench"}},'
      .. '"verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"answered"}},'
      .. '"object":{"id":"http://localhost:8001/h5p/play/bench","objectType":"Activity"},'
      .. '"context":{"contextActivities":{"category":[{"id":"http://h5p.org/libraries/H5P.VrpCheck-1.0"}]}},'
      .. '"result":{"score":{"min":0,"max":1,"raw":' .. raw .. ',"scaled":' .. raw .. '},"completion":true}}'
  elseif kind == "scorm_progress" then
    body = '{"sco":"' .. sco .. '","attempt":1,"terminate":false,"values":{'
      .. '"cmi.core.lesson_location":"slide' .. (n % 24 + 1) .. '","cmi.suspend_data":"' .. suspend .. '",'
      .. '"cmi.core.lesson_status":"incomplete","cmi.core.exit":"suspend","cmi.core.session_time":"0000:01:30.00"}}'
  else
    local a = (attempts[learner] or starts[learner]) + 1
    attempts[learner] = a
    local raw = (a % 8 == 0) and 90 or 40
    local status = (raw >= 80) and "passed" or "failed"
    body = '{"sco":"' .. sco .. '","attempt":' .. a .. ',"terminate":true,"values":{'
      .. '"cmi.core.lesson_location":"slide24","cmi.suspend_data":"' .. suspend .. '",'
      .. '"cmi.core.score.raw":"' .. raw .. '","cmi.core.score.min":"0","cmi.core.score.max":"100",'
      .. '"cmi.core.lesson_status":"' .. status .. '","cmi.core.exit":"","cmi.core.session_time":"0000:04:10.00"}}'
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT %d %d %.3f %.3f %.3f\n", summary.requests, errors,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def wrk_run(base_url: str, *, kind: str, cookies: list[str], path: str = "/", sco: str = "",
            starts: list[int] | None = None, seconds: int = 10, threads: int = 2, connections: int = 10) -> dict:
    """One wrk run; requests per second, non-2xx/3xx and socket errors, p50 and p99 in milliseconds."""
    script = LUA
    for name, value in {"COOKIES": "{" + ", ".join(json.dumps(c) for c in cookies) + "}", "KIND": kind,
                        "PATH": path, "SCO": sco, "SUSPEND": SUSPEND_DATA, "THREADS": str(threads),
                        "CSRF": CSRF_SECRET,
                        "STARTS": "{" + ", ".join(str(n) for n in (starts or [0] * len(cookies))) + "}"}.items():
        script = script.replace("{" + name + "}", value)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run([WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                                 "-s", handle.name, base_url], capture_output=True, text=True, timeout=seconds + 60)
        output = output.stdout + output.stderr
    finally:
        os.unlink(handle.name)
    match = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"wrk gave no result: {output[-1500:]}")
    requests, errors = int(match[1]), int(match[2])
    duration = float(match[5])
    return {"requests": requests, "errors": errors, "requests_per_second": round(requests / duration, 1),
            "p50_ms": float(match[3]), "p99_ms": float(match[4])}


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(ctx) -> dict:
    from courses.models import CoursePage

    seconds = int(os.environ.get("BENCH_SCORING_SECONDS", "10"))
    runs = int(os.environ.get("BENCH_SCORING_RUNS", "3"))
    lesson, activity_id = _h5p_activity()
    xapi_path = f"/h5p/xapi/{lesson.pk}/{activity_id}/"
    xapi_learners = _learners("xapi")
    _enrol(xapi_learners, CoursePage.objects.parent_of(lesson).get().specific, lesson)
    course, scorm_lesson, sco = _scorm_lesson()
    scorm_path = f"/scorm/cmi/{scorm_lesson.pk}/bench-scorm/"
    scorm_learners = _learners("scorm")
    _enrol(scorm_learners, course, scorm_lesson)

    progress_learners = _learners("scorm-progress")
    _enrol(progress_learners, course, scorm_lesson)

    figures = {"learners": LEARNERS, "organisations": ORGANISATIONS, "load_average_before": _load_average(),
               "in_process": in_process_figures(xapi_path, xapi_learners, scorm_path, scorm_learners, sco)}

    if os.environ.get("BENCH_SCORING_LOAD") == "0":  # the in-process figures only
        return figures

    def cookies(learners):
        return [f"{ctx.common.session_cookie_for(u)}; csrftoken={CSRF_SECRET}" for u in learners]

    xapi_cookies, scorm_cookies, progress_cookies = cookies(xapi_learners), cookies(scorm_learners), cookies(
        progress_learners)
    from django.db.models import Max

    from courses.scorm.models import ScormAttempt

    def latest_attempts() -> list[int]:
        """Each scoring learner's last attempt (all ended): their next commit opens the one after."""
        latest = dict(ScormAttempt.objects.filter(user__in=scorm_learners).values("user_id")
                      .annotate(n=Max("number")).values_list("user_id", "n"))
        return [latest.get(u.pk, 0) for u in scorm_learners]

    results: dict[str, list] = {"home": [], "xapi_scoring": [], "scorm_progress": [], "scorm_scoring": []}
    env = {"XAPI_RATE_LIMIT": "0", "SCORM_COMMIT_RATE_LIMIT": "0"}
    with ctx.common.gunicorn_server(workers=2, extra_env=env) as base_url:
        wrk_run(base_url, kind="home", cookies=["x"], seconds=5)  # warm both workers
        for _ in range(runs):  # the kinds alternate, so the machine's noise falls on all of them
            results["home"].append(wrk_run(base_url, kind="home", cookies=["x"], seconds=seconds))
            results["xapi_scoring"].append(wrk_run(base_url, kind="xapi", cookies=xapi_cookies, path=xapi_path,
                                                   seconds=seconds))
            results["scorm_progress"].append(wrk_run(base_url, kind="scorm_progress", cookies=progress_cookies,
                                                     path=scorm_path, sco=sco, seconds=seconds))
            results["scorm_scoring"].append(wrk_run(base_url, kind="scorm_scoring", cookies=scorm_cookies,
                                                    path=scorm_path, sco=sco, seconds=seconds,
                                                    starts=latest_attempts()))
    for name, rows in results.items():
        best = max(rows, key=lambda row: row["requests_per_second"])
        figures[name] = {**best, "runs_requests_per_second": [r["requests_per_second"] for r in rows],
                         "runs_p99_ms": [r["p99_ms"] for r in rows], "runs_errors": [r["errors"] for r in rows]}
    from courses.h5p.models import XAPIStatement

    figures["xapi_statements_stored"] = XAPIStatement.objects.filter(user__in=xapi_learners).count()
    figures["load_average_after"] = _load_average()
    figures["method"] = (f"wrk -t2 -c10 -d{seconds}s, best of {runs} (runs alternate between kinds), gunicorn 2 sync "
                         f"workers, rate limits off, {LEARNERS} learners per kind over {ORGANISATIONS} organisations")
    return figures
