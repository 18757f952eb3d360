"""The quarterly Serious Violence Duty return: professionals trained by sector and area, schools' sessions by area.

Counts leave the partnership, so small numbers are suppressed (see suppression.py) in every cell
and total. Confidence changes are shown only where at least five responses stand behind them.
"""
from django.db.models import Case, CharField, Count, F, Sum, Value, When

from accounts.models import Area, MembershipStatus, Sector
from courses.models import Enrolment, Evaluation
from schools import terms as school_terms
from schools.models import ConfidenceCount, SessionAttendance, SessionBooking

from . import suppression
from .periods import Quarter
from .suppression import TOTAL, Grid
from .tables import ReportTable
from .terms import completed, member

NO_AREA = "Area not recorded"
NO_SECTOR = "Not in a partner organisation"
ALL_AREAS = "All areas"
ALL_SECTORS = "All sectors"
MIN_RESPONSES = 5


def _sector_expression(prefix: str):
    return Case(
        When(member(prefix), then=F(f"{prefix}organisation__sector")),
        default=Value(""), output_field=CharField(),
    )


def _change(sums: dict, cell) -> str | float:
    before_n, after_n = sums.get(("before_n", cell), 0), sums.get(("after_n", cell), 0)
    if min(before_n, after_n) < MIN_RESPONSES:
        return "fewer than 5 responses" if (before_n or after_n) else None
    return round(sums[("after_sum", cell)] / after_n - sums[("before_sum", cell)] / before_n, 2)


def _accumulate(sums: dict, key: str, sector, area, value) -> None:
    for cell in ((sector, area), (sector, TOTAL), (TOTAL, area), (TOTAL, TOTAL)):
        sums[(key, cell)] = sums.get((key, cell), 0) + (value or 0)


def professionals(quarter: Quarter) -> ReportTable:
    """Learners who completed a module in the quarter, by their organisation's sector and their area (two queries)."""
    in_quarter = completed(start_at=quarter.start_at, end_at=quarter.end_at)
    counts = (
        Enrolment.objects.filter(in_quarter)
        .annotate(sector=_sector_expression("user__"))
        .values("sector", "user__area__name")
        .annotate(learners=Count("user", distinct=True))
    )
    cells = {(row["sector"], row["user__area__name"] or NO_AREA): row["learners"] for row in counts}
    ratings = (
        Evaluation.objects.filter(completed("enrolment__", start_at=quarter.start_at, end_at=quarter.end_at),
                                  skipped=False, average_rating__isnull=False)
        .annotate(sector=_sector_expression("enrolment__user__"))
        .values("sector", "enrolment__user__area__name", "stage")
        .annotate(total=Sum("average_rating"), responses=Count("pk"))
    )
    sums: dict = {}
    for row in ratings:
        sector, area = row["sector"], row["enrolment__user__area__name"] or NO_AREA
        _accumulate(sums, f"{row['stage']}_sum", sector, area, row["total"])
        _accumulate(sums, f"{row['stage']}_n", sector, area, row["responses"])
    sector_labels = dict(Sector.choices) | {"": NO_SECTOR}
    sectors = sorted({s for s, _ in cells}, key=lambda s: (s == "", sector_labels.get(s, s)))
    areas = sorted({a for _, a in cells}, key=lambda a: (a == NO_AREA, a))
    grid = Grid.from_cells(sectors, areas, cells)
    hidden = suppression.suppress(grid)

    def row(sector, area):
        cell = (sector, area)
        return [
            ALL_SECTORS if sector == TOTAL else sector_labels.get(sector, sector),
            ALL_AREAS if area == TOTAL else area,
            suppression.shown(grid, hidden, cell),
            _change(sums, cell),
        ]

    rows = []
    for sector in sectors:
        rows += [row(sector, area) for area in areas if grid.values[(sector, area)]]
        rows.append(row(sector, TOTAL))
    rows += [row(TOTAL, area) for area in areas]
    rows.append(row(TOTAL, TOTAL))
    return ReportTable(
        key="svd_professionals", title="Professionals trained",
        columns=["Sector", "Area", "Learners trained", "Confidence change (after minus before, 1 to 5 scale)"],
        rows=rows, note=_NOTE,
        description="Learners who completed at least one module in the quarter, counted once.",
    )


def schools(quarter: Quarter) -> ReportTable:
    """Sessions delivered, pupils reached and pupils' confidence change in the quarter, by the school's area."""
    def delivered(prefix: str = ""):
        return school_terms.delivered(prefix, start_at=quarter.start_at, end_at=quarter.end_at)

    sessions = SessionBooking.objects.filter(delivered()).values("school__area__name").annotate(n=Count("pk"))
    pupils = (
        SessionAttendance.objects.filter(delivered("booking__"))
        .values("booking__school__area__name").annotate(n=Sum("pupils"))
    )
    confidence = (
        ConfidenceCount.objects.filter(delivered("feedback__booking__"))
        .values("feedback__booking__school__area__name", "stage")
        .annotate(total=Sum(F("score") * F("pupils")), responses=Sum("pupils"))
    )
    session_cells = {(r["school__area__name"] or NO_AREA, "n"): r["n"] for r in sessions}
    pupil_cells = {(r["booking__school__area__name"] or NO_AREA, "n"): r["n"] for r in pupils}
    sums: dict = {}
    for r in confidence:
        area = r["feedback__booking__school__area__name"] or NO_AREA
        _accumulate(sums, f"{r['stage']}_sum", "schools", area, r["total"])
        _accumulate(sums, f"{r['stage']}_n", "schools", area, r["responses"])
    areas = sorted({a for a, _ in session_cells} | {a for a, _ in pupil_cells}, key=lambda a: (a == NO_AREA, a))
    session_grid = Grid.from_cells(areas, ["n"], session_cells)
    pupil_grid = Grid.from_cells(areas, ["n"], pupil_cells)
    session_hidden = suppression.suppress(session_grid)
    pupil_hidden = suppression.suppress(pupil_grid)
    rows = [
        [ALL_AREAS if area == TOTAL else area,
         suppression.shown(session_grid, session_hidden, (area, "n")),
         suppression.shown(pupil_grid, pupil_hidden, (area, "n")),
         _change(sums, ("schools" if area != TOTAL else TOTAL, area))]
        for area in [*areas, TOTAL]
    ]
    return ReportTable(
        key="svd_schools", title="Schools: bleeding-control sessions",
        columns=["Area", "Sessions delivered", "Pupils reached", "Pupils' confidence change (after minus before)"],
        rows=rows, note=_NOTE,
        description="Sessions delivered to a class in the quarter, by the area of the school.",
    )


_NOTE = ('"<5" means 1 to 4. "[c]" hides a further figure so that the "<5" figures cannot be worked out from the '
         "totals. Confidence changes need at least 5 responses before and after.")


def awaiting_approval(quarter: Quarter) -> list[dict]:
    """Learners who completed a module in the quarter while their link to an organisation awaits approval.

    The return counts them as "not in a partner organisation" until a lead or partnership staff approve them; this
    says how many, and in which organisation and sector they would count once approved (one query).
    """
    sector_labels = dict(Sector.choices)
    rows = (
        Enrolment.objects.filter(completed(start_at=quarter.start_at, end_at=quarter.end_at),
                                 user__membership_status=MembershipStatus.PENDING, user__organisation__isnull=False)
        .values("user__organisation__name", "user__organisation__sector")
        .annotate(learners=Count("user", distinct=True))
        .order_by("user__organisation__name")
    )
    return [{"organisation": row["user__organisation__name"],
             "sector": sector_labels.get(row["user__organisation__sector"], row["user__organisation__sector"]),
             "learners": row["learners"]} for row in rows]


def svd_return(quarter: Quarter) -> list[ReportTable]:
    return [professionals(quarter), schools(quarter)]
