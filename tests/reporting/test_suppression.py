"""Small numbers are hidden, and no hidden number can be worked out from the totals and the figures shown."""
import itertools
import random

import pytest

from lms.reporting.suppression import HIDDEN, SMALL, TOTAL, Grid, is_small, shown, suppress


def attack(grid: Grid, hidden: dict) -> dict:
    """What a reader can pin down: repeatedly solve any row or column sum with exactly one unknown figure,
    and any line whose unknown figures are all "<5" (1 to 4) with a remainder that fixes them (all 1s or all 4s)."""
    known = {cell: value for cell, value in grid.values.items() if cell not in hidden}
    progress = True
    while progress:
        progress = False
        for line in grid.lines():
            *parts, total = line
            unknown = [c for c in line if c not in known]
            if len(unknown) == 1:
                cell = unknown[0]
                if cell == total:
                    known[cell] = sum(known[c] for c in parts)
                else:
                    known[cell] = known[total] - sum(known[c] for c in parts if c != cell)
                progress = True
            elif unknown and total in known and all(hidden.get(c) == SMALL for c in unknown):
                remainder = known[total] - sum(known[c] for c in parts if c in known)
                if remainder in (len(unknown), 4 * len(unknown)):
                    for cell in unknown:
                        known[cell] = remainder // len(unknown)
                    progress = True
    return {cell: value for cell, value in known.items() if hidden.get(cell) == SMALL}


def brute_force(grid: Grid, hidden: dict, limit: int) -> dict:
    """Every reading of the hidden figures consistent with the page ("<5": 1 to 4; "[c]": 0 or 5 to `limit`).

    Only the inner figures are tried; totals follow from them and must match what is shown or fit their label.
    """
    inner = [c for c in hidden if TOTAL not in c]
    domains = [range(1, 5) if hidden[c] == SMALL else [0, *range(5, limit + 1)] for c in inner]
    possible = {c: set() for c in hidden}

    def fits(cell, value):
        if cell not in hidden:
            return grid.values[cell] == value
        return 1 <= value <= 4 if hidden[cell] == SMALL else (value == 0 or value >= 5)

    for values in itertools.product(*domains):
        trial = {**{c: v for c, v in grid.values.items() if TOTAL not in c}, **dict(zip(inner, values))}
        totals = {}
        for r in grid.rows:
            totals[(r, TOTAL)] = sum(trial[(r, c)] for c in grid.columns)
        for c in grid.columns:
            totals[(TOTAL, c)] = sum(trial[(r, c)] for r in grid.rows)
        totals[(TOTAL, TOTAL)] = sum(totals[(r, TOTAL)] for r in grid.rows)
        if all(fits(cell, value) for cell, value in totals.items()):
            for cell, value in {**trial, **totals}.items():
                if cell in hidden:
                    possible[cell].add(value)
    return possible


def test_counts_from_1_to_4_show_as_less_than_5_and_others_as_they_are():
    rows, columns = ["police", "health", "fire"], ["north", "south", "east"]
    values = [[3, 12, 15], [9, 20, 40], [6, 8, 50]]
    grid = Grid.from_cells(rows, columns, {(r, c): values[i][j] for i, r in enumerate(rows)
                                           for j, c in enumerate(columns)})
    hidden = suppress(grid)
    assert shown(grid, hidden, ("police", "north")) == SMALL
    assert shown(grid, hidden, ("fire", "east")) == 50
    assert shown(grid, hidden, (TOTAL, TOTAL)) == 163
    # Every row and column with the 3 in it hides a second figure, so no total gives it away.
    for line in grid.lines():
        assert sum(1 for c in line if c in hidden) != 1
    assert set(hidden.values()) == {SMALL, HIDDEN}


def test_a_total_that_is_itself_small_is_hidden():
    grid = Grid.from_cells(["a"], ["x", "y"], {("a", "x"): 2, ("a", "y"): 1})
    hidden = suppress(grid)
    assert shown(grid, hidden, ("a", TOTAL)) == SMALL
    assert shown(grid, hidden, (TOTAL, TOTAL)) == SMALL


def test_when_no_other_figure_can_cover_a_small_one_the_total_is_hidden():
    grid = Grid.from_cells(["a", "b", "c"], ["n"], {("a", "n"): 3, ("b", "n"): 0, ("c", "n"): 0})
    hidden = suppress(grid)
    assert shown(grid, hidden, ("a", "n")) == SMALL
    assert (TOTAL, "n") in hidden


def test_two_small_counts_that_the_total_would_pin_get_a_third_figure_hidden():
    # 1 + 1 with a shown total of 2 + 30 would reveal both 1s.
    grid = Grid.from_cells(["a", "b", "c"], ["n"], {("a", "n"): 1, ("b", "n"): 1, ("c", "n"): 30})
    hidden = suppress(grid)
    assert hidden[("c", "n")] == HIDDEN or hidden.get((TOTAL, "n"))
    assert attack(grid, hidden) == {}


@pytest.mark.parametrize("seed", range(200))
def test_no_small_count_can_be_recovered_by_differencing_random_tables(seed):
    rng = random.Random(seed)
    rows, columns = [f"r{i}" for i in range(rng.randint(1, 5))], [f"c{j}" for j in range(rng.randint(1, 5))]
    cells = {(r, c): rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 12, 30]) for r in rows for c in columns}
    grid = Grid.from_cells(rows, columns, cells)
    hidden = suppress(grid)
    assert all(cell in hidden for cell, value in grid.values.items() if is_small(value))
    assert attack(grid, hidden) == {}, f"recovered from {cells}"


@pytest.mark.parametrize("seed", range(30))
def test_no_small_count_is_pinned_by_any_consistent_reading_of_small_tables(seed):
    rng = random.Random(1000 + seed)
    rows, columns = ["r0", "r1"], ["c0", "c1"]
    cells = {(r, c): rng.choice([0, 1, 2, 3, 4, 5, 6, 8]) for r in rows for c in columns}
    # Every figure a reader could try for a hidden one is at most the grand total; keep the search small.
    grid = Grid.from_cells(rows, columns, cells)
    hidden = suppress(grid)
    possible = brute_force(grid, hidden, limit=max(grid.values.values()) + 1)
    for cell, label in hidden.items():
        if label == SMALL:
            assert len(possible[cell]) > 1, f"{cell} pinned in {cells}: {possible}"
