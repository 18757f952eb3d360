"""Reporting at scale on PostgreSQL: generate_load_data time, dashboard p50/p99 uncached, its raw SQL, XLSX export.

Runs in a child process against a throwaway PostgreSQL server (throwaway/servers.py), whatever database
the other benchmarks use. BENCH_REPORTING_LEARNERS sets N (default 100,000, the issue's scale).
"""
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P50_MS = 300
TARGET_RATIO = 2.0
TARGET_GENERATE_SECONDS = 180
REQUESTS = 15


def run(ctx) -> dict:
    sys.path.insert(0, str(ROOT))
    from throwaway import servers

    learners = int(os.environ.get("BENCH_REPORTING_LEARNERS", "100000"))
    server_gen = servers.start_postgres()
    server = next(server_gen)
    try:
        url = server.create_database("bench_reporting")
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "lms.settings.bench",
               "MEDIA_ROOT": str(ctx.workdir / "reporting-media")}
        result = subprocess.run([sys.executable, __file__, "--child", str(learners)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=3600)
        if result.returncode != 0:
            raise RuntimeError(result.stderr[-3000:])
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        server_gen.close()


def _child(learners: int) -> dict:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts import roles
    from accounts.models import Organisation, User
    from bench.common import second_factor_record
    from lms.reporting import caching, services
    from lms.reporting.models import ReportExport

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", quiet=True)
    started = time.perf_counter()
    call_command("generate_load_data", learners=learners, stdout=open(os.devnull, "w"))
    generate_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        counts = {}
        for table in ("accounts_user", "courses_enrolment", "courses_lessonprogress", "certificates_certificate",
                      "schools_school", "schools_sessionbooking"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]

    staff = User.objects.create_user(email="bench-staff@bench.test", full_name="Bench Staff")
    roles.ensure_roles()
    roles.assign_role(staff, roles.PARTNERSHIP_STAFF)
    from accounts.mfa import totp_enable

    totp_enable(user=staff, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff pages need a second factor
    client = Client()
    client.force_login(staff)
    second_factor_record(client, staff)
    year = __import__("lms.reporting.filters", fromlist=["x"]).current_financial_year() - 1

    def timed(path: str) -> float:
        caching.invalidate()
        begin = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - begin) * 1000
        assert response.status_code == 200, (path, response.status_code)
        return elapsed

    def percentiles(path: str) -> dict:
        timed(path)  # warm: templates, connection, first plans
        times = sorted(timed(path) for _ in range(REQUESTS))
        return {"p50_ms": round(statistics.median(times), 1), "p99_ms": round(times[-1], 1), "requests": REQUESTS}

    dashboard = f"/dashboard/?year={year}"
    page = percentiles(dashboard)
    organisation = Organisation.objects.filter(name__startswith="Load organisation").first()
    filtered = percentiles(f"{dashboard}&organisation={organisation.pk}")
    cached_times = sorted(_cached(client, dashboard) for _ in range(10))

    # The aggregate queries the page runs, timed on their own (median of three runs each).
    caching.invalidate()
    with CaptureQueriesContext(connection) as captured:
        client.get(dashboard)
    aggregate_sql = [q["sql"] for q in captured.captured_queries
                     if q["sql"].startswith("SELECT") and any(word in q["sql"] for word in ("COUNT(", "SUM(", "AVG(", "MAX("))
                     and "django_session" not in q["sql"]]
    sql_ms = 0.0
    per_query = []
    with connection.cursor() as cursor:
        for sql in aggregate_sql:
            runs = []
            for _ in range(3):
                begin = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                runs.append((time.perf_counter() - begin) * 1000)
            sql_ms += statistics.median(runs)
            table = sql.split(" FROM ", 1)[1].split()[0].strip('"') if " FROM " in sql else "?"
            per_query.append((round(statistics.median(runs), 1), table))

    xlsx_ms = timed(f"/dashboard/export/all.xlsx?year={year}")
    # The same file as the dashboard's "Prepare Excel (XLSX)" builds it in Celery (the task's work, cache emptied).
    from lms.reporting.filters import ReportFilter, filter_to_json
    from lms.reporting.periods import Period

    caching.invalidate()
    background = ReportExport.objects.create(
        requested_by=staff, kind="dashboard", file_format="xlsx",
        filters={"filter": filter_to_json(ReportFilter(period=Period.financial_year(year))), "key": "all"})
    begin = time.perf_counter()
    services.report_export_build(export=background)
    background_xlsx_ms = (time.perf_counter() - begin) * 1000
    begin = time.perf_counter()
    call_command("rebuild_report_summaries", stdout=open(os.devnull, "w"))
    rebuild_seconds = time.perf_counter() - begin
    group_refresh = _group_refresh()
    largest = max(Organisation.objects.filter(name__startswith="Load organisation"),
                  key=lambda o: o.members.count())
    export = ReportExport.objects.create(requested_by=staff, organisation=largest, file_format="xlsx")
    begin = time.perf_counter()
    export = services.staff_export_build(export=export)
    staff_xlsx_seconds = time.perf_counter() - begin

    return {
        "learners": learners,
        "rows": counts,
        "generate_load_data_seconds": round(generate_seconds, 1),
        "generate_target_seconds": TARGET_GENERATE_SECONDS,
        "dashboard_uncached": page,
        "dashboard_uncached_one_organisation": filtered,
        "dashboard_cached_p50_ms": round(statistics.median(cached_times), 1),
        "dashboard_target_p50_ms": TARGET_P50_MS,
        "aggregate_queries": len(aggregate_sql),
        "aggregate_sql_ms": round(sql_ms, 1),
        "aggregate_sql_ms_by_table": sorted(per_query, reverse=True),
        "page_to_sql_ratio": round(page["p50_ms"] / sql_ms, 2) if sql_ms else None,
        "page_to_sql_target_ratio": TARGET_RATIO,
        "dashboard_xlsx_export_ms": round(xlsx_ms, 1),
        "dashboard_xlsx_background_build_ms": round(background_xlsx_ms, 1),
        "rebuild_report_summaries_seconds": round(rebuild_seconds, 1),
        "group_refresh": group_refresh,
        "staff_list_xlsx_export": {"people": export.total, "seconds": round(staff_xlsx_seconds, 1)},
    }


def _group_refresh() -> dict:
    """The minute's refresh at this scale: the largest group recounted alone, and ten marked groups together."""
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from accounts.models import MembershipStatus, User
    from lms.reporting import stale, summaries

    biggest = list(User.objects.values("organisation_id", "area_id", "membership_status").annotate(n=Count("id"))
                   .order_by("-n")[:10])
    approved = MembershipStatus.APPROVED
    groups = [(g["organisation_id"], g["membership_status"] == approved, g["area_id"]) for g in biggest]
    one = []
    for _ in range(3):
        begin = time.perf_counter()
        summaries.summaries_rebuild(groups=groups[:1])
        one.append((time.perf_counter() - begin) * 1000)
    stale.forget_local_marks()
    for group in groups:
        stale.stale_group_mark(group=group)
    begin = time.perf_counter()
    refreshed = summaries.summaries_refresh_marked(now=timezone.now() + timedelta(minutes=1))
    ten_ms = (time.perf_counter() - begin) * 1000
    return {"largest_group_people": biggest[0]["n"], "one_group_ms_median": round(statistics.median(one), 1),
            "one_group_ms_runs": [round(t, 1) for t in one], "marked_groups_refreshed": refreshed,
            "people_in_them": sum(g["n"] for g in biggest), "their_refresh_ms": round(ten_ms, 1)}


def _cached(client, path: str) -> float:
    begin = time.perf_counter()
    client.get(path)
    return (time.perf_counter() - begin) * 1000


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    print(json.dumps(_child(int(sys.argv[2]))))
