#!/usr/bin/env python
"""Run every bench/bench_*.py against a fresh database with synthetic data; write bench/results/latest.json."""
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Context:
    """What each benchmark gets: the database URL shared with the gunicorn it starts, and the helpers."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        from bench import common

        self.common = common


def main(selected: list[str]) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.bench"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", quiet=True)

    results = {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "database": os.environ["DATABASE_URL"].split(":", 1)[0],
        "benchmarks": {},
    }
    context = Context(workdir)
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if selected and name not in selected:
            continue
        spec = importlib.util.spec_from_file_location(f"bench.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            figures = module.run(context)
        except Exception:  # a broken benchmark is reported, the others still run
            figures = {"error": traceback.format_exc(limit=5)}
        figures["seconds"] = round(time.perf_counter() - started, 1)
        results["benchmarks"][name] = figures
        print(json.dumps(figures, indent=2), flush=True)

    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    print(f"Wrote {out / 'latest.json'}")
    return 1 if any("error" in figures for figures in results["benchmarks"].values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
