"""Small-number suppression for figures that leave the partnership.

Counts from 1 to 4 are hidden as "<5" (primary). Then, so that no hidden count can be worked out
by subtracting the shown figures from a total, every line of the table (a row or column with its
total) must hide either nothing or at least two figures; where it would hide exactly one, the
smallest other figure of at least 5 is hidden too (secondary, shown as "[c]"), or the total when
there is none. Two hidden small counts whose total would pin them (all 1s or all 4s) get another
figure hidden as well. This repeats until every line is safe.
"""
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
    changed = True
    while changed:
        changed = False
        for line in grid.lines():
            unknown = [cell for cell in line if cell in hidden]
            if not unknown or _safe(grid, unknown):
                continue
            complement = _complement(grid, line, hidden)
            if complement is not None:
                hidden[complement] = HIDDEN
                changed = True
    return hidden


def _safe(grid: Grid, unknown: list[tuple]) -> bool:
    if len(unknown) == 1:
        return False
    values = [grid.values[cell] for cell in unknown]
    if all(is_small(v) for v in values):
        # Hidden small counts are each 1 to 4: a remainder of all 1s or all 4s gives them away.
        remainder = sum(values)
        return len(values) < remainder < 4 * len(values)
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
