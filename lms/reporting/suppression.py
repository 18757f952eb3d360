"""Small-number suppression for figures that leave the partnership.

Counts from 1 to 4 are hidden as "<5" (primary). Then, so that no hidden count can be worked out
by subtracting the shown figures from a total, every line of the table (a row or column with its
total) must hide either nothing or at least two figures; where it would hide exactly one, the
smallest other figure of at least 5 is hidden too (secondary, shown as "[c]"), or the total when
there is none. A line is also unsafe when the figures it hides, read as a reader would read them
("<5" is 1 to 4, "[c]" is 0 or at least 5), leave a "<5" figure only one possible value; then a
further figure is hidden. This repeats until every line is safe.
"""
import itertools
from dataclasses import dataclass

SMALL = "<5"
HIDDEN = "[c]"
TOTAL = "__total__"


@dataclass
class Grid:
    """A two-way table with margins: values[(row, column)], where row or column may be TOTAL."""

    rows: list
    columns: list
    values: dict

    @classmethod
    def from_cells(cls, rows: list, columns: list, cells: dict) -> "Grid":
        values = {(r, c): int(cells.get((r, c), 0) or 0) for r in rows for c in columns}
        for r in rows:
            values[(r, TOTAL)] = sum(values[(r, c)] for c in columns)
        for c in columns:
            values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
        values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in rows)
        return cls(rows=rows, columns=columns, values=values)

    def lines(self) -> list[list[tuple]]:
        """Each row and column with its total: the sums a reader could use to work a figure out."""
        all_rows, all_columns = [*self.rows, TOTAL], [*self.columns, TOTAL]
        lines = [[(r, c) for c in all_columns] for r in all_rows]
        lines += [[(r, c) for r in all_rows] for c in all_columns]
        return lines


def is_small(value: int) -> bool:
    return 1 <= value <= 4


def suppress(grid: Grid) -> dict[tuple, str]:
    """Which cells to hide: {cell: "<5" or "[c]"}; cells not in the result are shown."""
    hidden: dict[tuple, str] = {cell: SMALL for cell, value in grid.values.items() if is_small(value)}
    while True:
        changed = True
        while changed:
            changed = False
            for line in grid.lines():
                if not any(cell in hidden for cell in line) or _safe(grid, line, hidden):
                    continue
                complement = _complement(grid, line, hidden)
                if complement is not None:
                    hidden[complement] = HIDDEN
                    changed = True
        # Each line is safe on its own; now read the lines together, as a determined reader would.
        pinned = pinned_cells(grid, hidden)
        if not pinned:
            return hidden
        added = False
        for line in grid.lines():
            if pinned[0] in line:
                complement = _complement(grid, line, hidden)
                if complement is not None and complement not in hidden:
                    hidden[complement] = HIDDEN
                    added = True
                    break
        if not added:
            return hidden


MAX_JOINT_CHECK = 8


def pinned_cells(grid: Grid, hidden: dict) -> list[tuple]:
    """The "<5" figures that only one value fits, trying every reading of the "<5" figures together.

    Tried when there are at most MAX_JOINT_CHECK of them (4 ** 8 readings); beyond that only each
    line is checked on its own.
    """
    smalls = [cell for cell, label in hidden.items() if label == SMALL]
    if not smalls or len(smalls) > MAX_JOINT_CHECK:
        return []
    shown_values = {cell: value for cell, value in grid.values.items() if cell not in hidden}
    lines = grid.lines()
    possible: dict[tuple, set] = {cell: set() for cell in smalls}
    for values in itertools.product(range(1, 5), repeat=len(smalls)):
        reading = dict(zip(smalls, values))
        if all(reading[c] in possible[c] for c in smalls):
            continue  # nothing new to learn from this reading
        if _consistent(lines, {**shown_values, **reading}):
            for cell in smalls:
                possible[cell].add(reading[cell])
            if all(len(found) > 1 for found in possible.values()):
                return []
    return [cell for cell in smalls if len(possible[cell]) <= 1]


def _consistent(lines: list, known: dict) -> bool:
    """Whether the "[c]" figures can take values (0 or at least 5) that make every line add up."""
    known = dict(known)
    progress = True
    while progress:
        progress = False
        for line in lines:
            *parts, total = line
            unknown = [c for c in line if c not in known]
            if not unknown:
                if sum(known[c] for c in parts) != known[total]:
                    return False
            elif len(unknown) == 1:
                cell = unknown[0]
                value = (sum(known[c] for c in parts) if cell == total
                         else known[total] - sum(known[c] for c in parts if c != cell))
                if value < 0 or 0 < value < 5:
                    return False
                known[cell] = value
                progress = True
    for line in lines:
        *parts, total = line
        if total in known:
            remainder = known[total] - sum(known[c] for c in parts if c in known)
            if remainder < 0 or 0 < remainder < 5 and any(c not in known for c in parts):
                return False
    return True


INF = float("inf")


def _domain(label: str) -> list[tuple]:
    """What a reader knows of a hidden figure: "<5" is 1 to 4; "[c]" is 0 or at least 5 (else it would read "<5")."""
    return [(1, 4)] if label == SMALL else [(0, 0), (5, INF)]


def _add(a: list[tuple], b: list[tuple]) -> list[tuple]:
    sums = sorted((x0 + y0, x1 + y1) for x0, x1 in a for y0, y1 in b)
    merged: list[list] = []
    for lo, hi in sums:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [tuple(m) for m in merged]


def _total(domains: list[list[tuple]]) -> list[tuple]:
    result = [(0, 0)]
    for domain in domains:
        result = _add(result, domain)
    return result


def _meets(a: list[tuple], b: list[tuple]) -> bool:
    return any(max(x0, y0) <= min(x1, y1) for x0, x1 in a for y0, y1 in b)


def _safe(grid: Grid, line: list[tuple], hidden: dict) -> bool:
    """True when no "<5" figure of the line has only one value consistent with the line's sum."""
    unknown = [cell for cell in line if cell in hidden]
    if len(unknown) == 1:
        return False
    *parts, total = line
    known_parts = sum(grid.values[c] for c in parts if c not in hidden)
    for cell in unknown:
        if hidden[cell] != SMALL:
            continue
        others = _total([_domain(hidden[c]) for c in parts if c in hidden and c != cell])
        feasible = 0
        for value in range(1, 5):
            if cell == total:
                # The parts must add up to this value of the total.
                ok = _meets(others, [(value - known_parts, value - known_parts)])
            elif total in hidden:
                ok = _meets(_add(others, [(known_parts + value, known_parts + value)]), _domain(hidden[total]))
            else:
                remainder = grid.values[total] - known_parts - value
                ok = _meets(others, [(remainder, remainder)])
            feasible += ok
        if feasible <= 1:
            return False
    return True


def _complement(grid: Grid, line: list[tuple], hidden: dict) -> tuple | None:
    """Another figure of the line to hide: its smallest part of at least 5 (a hidden 0 could be guessed), else its total."""
    *parts, total = line
    candidates = [c for c in parts if c not in hidden and grid.values[c] >= 5]
    if candidates:
        return min(candidates, key=lambda c: (grid.values[c], str(c)))
    if total not in hidden:
        return total
    rest = [c for c in parts if c not in hidden]
    return min(rest, key=lambda c: (grid.values[c], str(c))) if rest else None


def shown(grid: Grid, hidden: dict, cell: tuple):
    """The value a reader sees in `cell`."""
    return hidden.get(cell, grid.values[cell])
