"""GIAS import memory: a 50,000-row establishment export (about 14 MB, every GIAS column) imported into an
empty directory; the peak of Python's allocations during the import (tracemalloc) and the process's peak
resident size. Target: under 100 MB (the whole-file reader took about 490 MB). Run alone:
`.venv/bin/python bench/run.py gias_memory`."""
import random
import resource
import time
import tracemalloc

ROWS = 50_000


def _file(path, rng) -> int:
    from schools import gias

    filler = {column: "" for column in gias.COLUMNS}
    with open(path, "w", encoding="cp1252", newline="") as handle:
        handle.write(",".join(f'"{c}"' for c in gias.COLUMNS) + "\r\n")
        for i in range(ROWS):
            row = dict(filler)
            row.update({
                "URN": str(100000 + i), "EstablishmentName": f"School number {i} {rng.choice(['Academy', 'Primary'])}",
                "LA (name)": rng.choice(["Wiltshire", "Swindon", "Bath and North East Somerset"]),
                "EstablishmentStatus (name)": "Open", "Town": "Trowbridge", "Street": f"{i} Long Street Name",
                "Locality": "Somewhere", "Address3": "Near the park", "Postcode": "BA14 8LW",
                "StatutoryLowAge": "4", "StatutoryHighAge": "11", "PhaseOfEducation (name)": "Primary",
                "TypeOfEstablishment (name)": "Community school", "SchoolWebsite": f"www.school{i}.wilts.sch.uk",
            })
            # Some of the other GIAS columns carry short values (codes, counts, dates), as in the real file.
            for n, column in enumerate(gias.COLUMNS):
                if not row[column] and n % 5 == 0:
                    row[column] = "01-09-2012"
            handle.write(",".join(row[c] for c in gias.COLUMNS) + "\r\n")
    return path.stat().st_size


def run(context) -> dict:
    from schools.importer import schools_import

    path = context.workdir / "gias_memory.csv"
    size = _file(path, random.Random(3))
    resident_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    started = time.perf_counter()
    result = schools_import(path=path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": ROWS,
        "file_mb": round(size / 1e6, 1),
        "created": result.created,
        "import_seconds": round(seconds, 1),
        "peak_python_allocations_mb": round(peak / 1e6, 1),
        # The process's high-water mark before the import (Django, migrations) and after it.
        "peak_resident_mb_before_import": round(resident_before, 1),
        "peak_resident_mb_after_import": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
