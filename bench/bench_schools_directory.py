"""School directory: importing a GIAS export the size of England's open schools, a second (no-change) run,
and the teacher's school search (exact words, typos, postcodes, URNs) over that directory."""
import csv
import io
import random
import statistics
import time

SCHOOLS = 25_000  # about the number of open schools in England
SEARCHES = 300
WORDS = ["Oak", "Meadow", "Brook", "Hill", "Park", "Vale", "Downs", "Field", "Bridge", "Castle", "Abbey", "Green",
         "Kennet", "Avon", "Ridgeway", "Priory", "Manor", "Forest", "Valley", "Heath"]
KINDS = ["Primary School", "Academy", "School", "Church of England Primary School", "Catholic Primary School",
         "Infant School", "Junior School", "Community College"]
TOWNS = ["Devizes", "Chippenham", "Trowbridge", "Salisbury", "Swindon", "Marlborough", "Melksham", "Calne",
         "Corsham", "Warminster", "Bath", "Bristol", "Reading", "Oxford", "Gloucester", "Taunton"]


def _file(path, rng) -> list[dict]:
    from schools import gias

    rows = []
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(gias.COLUMNS)
    for i in range(SCHOOLS):
        name = f"{'St Mary’s ' if i % 40 == 0 else ''}{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)}"
        row = dict.fromkeys(gias.COLUMNS, "")
        row.update({
            "URN": str(100000 + i), "EstablishmentName": name, "LA (name)": rng.choice(["Wiltshire", "Swindon", "Other"]),
            "EstablishmentStatus (name)": "Closed" if i % 17 == 0 else "Open", "Town": rng.choice(TOWNS),
            "Postcode": f"SN{rng.randint(1, 25)} {rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
            "StatutoryLowAge": "4", "StatutoryHighAge": "11", "PhaseOfEducation (name)": "Primary",
            "TypeOfEstablishment (name)": "Community school", "SchoolWebsite": f"www.school{i}.example.sch.uk",
        })
        writer.writerow([row[c] for c in gias.COLUMNS])
        rows.append(row)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return rows


def _typo(word: str, rng) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:]  # drop a letter


def run(context) -> dict:
    from schools.importer import schools_import
    from schools.selectors import school_search

    rng = random.Random(7)
    path = context.workdir / "gias_bench.csv"
    rows = _file(path, rng)

    started = time.perf_counter()
    first = schools_import(path=path)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = schools_import(path=path)
    second_seconds = time.perf_counter() - started

    queries = []
    for _ in range(SEARCHES):
        row = rng.choice(rows)
        words = row["EstablishmentName"].replace("’", "'").split()
        queries.append(rng.choice([
            " ".join(words[:2]).lower(),                       # exact words
            " ".join(_typo(w, rng) for w in words[:2]),        # a typo in each word
            row["Postcode"], row["URN"], "st marys " + row["Town"].lower(),
        ]))
    timings = []
    for query in queries:
        started = time.perf_counter()
        school_search(query=query)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "schools_in_file": SCHOOLS,
        "first_import_seconds": round(first_seconds, 2),
        "first_import_created": first.created,
        "second_import_seconds": round(second_seconds, 2),
        "second_import_changed": second.created + second.updated,
        "search_queries": SEARCHES,
        "search_ms_p50": round(statistics.median(timings), 1),
        "search_ms_p99": round(timings[int(len(timings) * 0.99) - 1], 1),
    }
