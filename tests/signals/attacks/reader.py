"""The determined reader: everything a staff user can work out from published figures.

The reader sees ``published.cells_of(release)`` (what the dashboard, the reports and
the exports show) and knows the public parameters: the perturbation table, hence each
figure's range, and the threshold. The range is worked out here (``public_bounds``),
so a wrong ``perturbation.bounds`` cannot blind the attack. As the strongest reader,
they also know every true relation between cells:

- within a period: a table's cells against the total, and for years each row and
  column of a two-dimension table against its one-dimension cell (equal where no person
  counts twice, else at most the sum; never a cell above its margin);
- across periods (the links the release audit does not see): a year's cell is at least
  each of its quarters' cells and at most their sum (persons are counted once a year);
- across releases: what changed between two releases, where the test says so.

Everything becomes one linear programme with a variable per (release, period, cell),
solved with HiGHS. The reader's range of a cell is its minimum and maximum; "P has
value v" is ruled out when the figures leave no solution in which P's cells are all
at least 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_array

from signals import catalogue, perturbation, published
from signals.catalogue import Period
from signals.perturbation import Params
from tests.signals.attacks import population

TOLERANCE = 1e-6


# The public perturbation table: no figure is further than this from its count.
PUBLIC_DEVIATION = max(abs(d) for d, _share in perturbation.DEVIATIONS)


def public_bounds(value, params):
    """What the public parameters say about the count behind a figure: "<10" is
    0..9; a number is at most the deviation away from the count, and a count is
    published only from the threshold on."""
    if value is None:
        return 0, params.threshold - 1
    return max(params.threshold, value - PUBLIC_DEVIATION), value + PUBLIC_DEVIATION


def exact_bounds(value, params):
    """What the reader of an unprotected release knows: the figure is the count."""
    return value, value


def unperturbed_bounds(value, params):
    """What the reader knows of figures published exactly, with "<10" below."""
    return (0, params.threshold - 1) if value is None else (value, value)


class Reader:
    """A linear programme over named variables, built up by the attack."""

    def __init__(self):
        self.index: dict[tuple, int] = {}
        self.lower: list[float] = []
        self.upper: list[float | None] = []
        self.ub_rows: list[dict[int, float]] = []
        self.ub_rhs: list[float] = []
        self.eq_rows: list[dict[int, float]] = []
        self.eq_rhs: list[float] = []
        self._matrices = None

    # --- building -------------------------------------------------------------------

    def var(self, name: tuple, low: float = 0, high: float | None = None) -> int:
        """The variable ``name``, made with bounds [low, high] or narrowed to them."""
        self._matrices = None
        if name not in self.index:
            self.index[name] = len(self.lower)
            self.lower.append(low)
            self.upper.append(high)
            return self.index[name]
        i = self.index[name]
        self.lower[i] = max(self.lower[i], low)
        if high is not None:
            self.upper[i] = high if self.upper[i] is None else min(self.upper[i], high)
        return i

    def at_most(self, terms: dict[tuple, float], rhs: float = 0.0) -> None:
        """sum(coefficient * variable) <= rhs."""
        self._matrices = None
        self.ub_rows.append({self.var(n): c for n, c in terms.items()})
        self.ub_rhs.append(rhs)

    def equal(self, terms: dict[tuple, float], rhs: float = 0.0) -> None:
        self._matrices = None
        self.eq_rows.append({self.var(n): c for n, c in terms.items()})
        self.eq_rhs.append(rhs)

    def relation(self, margin: tuple, cells: list[tuple], exact: bool) -> None:
        """``margin`` = sum of ``cells`` (exact) or <= it; every cell <= margin."""
        terms = {cell: 1.0 for cell in cells}
        terms[margin] = -1.0
        if exact:
            self.equal(terms)
        else:
            self.at_most({n: -c for n, c in terms.items()})
        for cell in cells:
            self.at_most({cell: 1.0, margin: -1.0})

    # --- asking ---------------------------------------------------------------------

    def _built(self):
        if self._matrices is None:
            n = len(self.lower)

            def matrix(rows):
                if not rows:
                    return None
                r, c, v = [], [], []
                for i, row in enumerate(rows):
                    for j, value in row.items():
                        r.append(i)
                        c.append(j)
                        v.append(value)
                return coo_array((v, (r, c)), shape=(len(rows), n)).tocsr()

            self._matrices = (
                matrix(self.ub_rows),
                np.array(self.ub_rhs) if self.ub_rows else None,
                matrix(self.eq_rows),
                np.array(self.eq_rhs) if self.eq_rows else None,
            )
        return self._matrices

    def _solve(self, objective, lower=None):
        a_ub, b_ub, a_eq, b_eq = self._built()
        lower = self.lower if lower is None else lower
        return linprog(
            objective,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a_eq,
            b_eq=b_eq,
            bounds=list(zip(lower, self.upper, strict=True)),
            method="highs",
        )

    def _with(self, at_least: dict[tuple, float] | None):
        lower = list(self.lower)
        for name, low in (at_least or {}).items():
            i = self.index[name]
            lower[i] = max(lower[i], low)
        return lower

    def feasible(self, at_least: dict[tuple, float] | None = None) -> bool:
        """Is there a solution with these variables at least these values?"""
        result = self._solve(np.zeros(len(self.lower)), self._with(at_least))
        return result.status == 0

    def range_of(self, name: tuple, at_least=None) -> tuple[int, int]:
        """The reader's whole-number range of a variable (the counts are whole)."""
        lower = self._with(at_least)
        c = np.zeros(len(self.lower))
        c[self.index[name]] = 1
        low = self._solve(c, lower)
        high = self._solve(-c, lower)
        if low.status != 0 or high.status != 0:
            raise AssertionError(f"the reader's programme has no solution: {name}")
        return (
            math.ceil(low.fun - TOLERANCE),
            math.floor(-high.fun + TOLERANCE),
        )


# --- reading a release ----------------------------------------------------------------


def figures_of(release) -> dict[tuple[str, str], tuple[int | None, bool]]:
    """(period, cell) -> (figure, withheld), exactly as staff can see them."""
    return {
        (period, cell): (figure, hidden)
        for _table, period, cell, figure, hidden in published.cells_of(release)
    }


def read_release(
    reader: Reader,
    release,
    persons,
    name: str = "r",
    bounds: Callable = public_bounds,
    cross_periods: bool = True,
) -> dict[tuple[str, str], tuple[int | None, bool]]:
    """Add one release to ``reader``: a variable (name, period, cell) per published
    cell with its range, the within-period relations (exact where the truth of
    ``persons`` says so: the strongest reader), and the cross-period links.
    Returns the figures read."""
    params = Params(**release.parameters)
    figures = figures_of(release)
    provinces = len(release.figures["provinces"])
    for (period, cell), (figure, hidden) in figures.items():
        if hidden:
            reader.var((name, period, cell))
        else:
            low, high = bounds(figure, params)
            reader.var((name, period, cell), low, high)
    for key in release.figures["periods"]:
        period = Period(key)
        exact = population.exactness(persons, period, provinces)
        for rid, margin, cells in population.groups(period, provinces):
            reader.relation(
                (name, key, margin), [(name, key, c) for c in cells], exact[rid]
            )
    if cross_periods:
        link_periods(reader, release, name)
    return figures


def link_periods(reader: Reader, release, name: str = "r") -> None:
    """A year's cell is at least each of its quarters' cells and at most their sum."""
    keys = set(release.figures["periods"])
    quarter_cells = {
        cell for (n, period, cell) in reader.index if n == name and period[0] == "q"
    }
    for key in keys:
        year = Period(key)
        if not year.is_year:
            continue
        quarters = [Period.quarter(q).key for q in year.quarters]
        if not all(q in keys for q in quarters):
            continue
        for cell in quarter_cells:
            terms = {(name, key, cell): 1.0}
            for q in quarters:
                reader.at_most({(name, q, cell): 1.0, (name, key, cell): -1.0})
                terms[(name, q, cell)] = -1.0
            reader.at_most(terms)


def small_cells(figures) -> list[tuple[str, str]]:
    """The cells published as "<threshold"."""
    return [k for k, (value, hidden) in figures.items() if value is None and not hidden]


# --- the planted person's hidden attributes -------------------------------------------


def year_of(quarter: int, release) -> str | None:
    key = Period.year(quarter // 4).key
    return key if key in release.figures["periods"] else None


def cells_of_person(values: dict, fields) -> list[str]:
    """The one-dimension cells of a person with ``values`` (for ``fields``)."""
    result = []
    for field in fields:
        if field == "province":
            result.append(f"b{catalogue.province_bit(values['province'])}")
        else:
            result.append(f"b{catalogue.value_bit(field, values[field])}")
    return result


def pair_cells(values: dict, fields) -> list[str]:
    result = []
    for first, second in catalogue.PAIRS:
        if first in fields and second in fields:
            a = catalogue.value_bit(first, values[first])
            b = catalogue.value_bit(second, values[second])
            result.append(f"p{a}_{b}")
    return result


def membership(name: str, quarter: int, release, values: dict, fields) -> dict:
    """Lower bounds saying: one person with these ``values`` (of ``fields``) counted
    in ``quarter`` (and in its year, when the release has it)."""
    at_least = {}
    year = year_of(quarter, release)
    periods = [Period.quarter(quarter).key] + ([year] if year else [])
    cells = ["t", *cells_of_person(values, fields)]
    for period in periods:
        for cell in cells:
            at_least[(name, period, cell)] = 1
    if year:
        for cell in pair_cells(values, fields):
            at_least[(name, year, cell)] = 1
    return at_least


def candidates(
    reader: Reader, name: str, release, planted, known=("office", "province")
) -> dict[str, list[int]]:
    """Per hidden field, the values the reader cannot rule out for ``planted``, whose
    quarter and ``known`` fields they know. A value is ruled out when no solution has
    the person in every cell it would put them in (with each possible value of the
    field paired with it in a two-dimension table)."""
    values = planted.values
    partner = {a: b for pair in catalogue.PAIRS for a, b in (pair, pair[::-1])}
    result = {}
    for field in population.HIDDEN:
        open_values = []
        for value in catalogue.CHOICES[field].values:
            guess = {**values, field: value}
            other = partner.get(field)
            if other is None or other in known:
                options, fields = [guess], (*known, field)
            else:  # the unknown partner field: any of its values will do
                options = [{**guess, other: v} for v in catalogue.CHOICES[other].values]
                fields = (*known, field, other)
            for option in options:
                if reader.feasible(
                    membership(name, planted.quarter, release, option, fields)
                ):
                    open_values.append(value)
                    break
        result[field] = open_values
    return result


def determined(candidate_values: dict[str, list[int]]) -> list[str]:
    """The hidden fields left with one value."""
    return [field for field, values in candidate_values.items() if len(values) <= 1]


# --- two releases ---------------------------------------------------------------------


def diff(first, second) -> dict:
    """(table, period, cell) -> (before, after) for every figure staff see change."""
    before = {c[:3]: c[3:] for c in published.cells_of(first)}
    after = {c[:3]: c[3:] for c in published.cells_of(second)}
    return {
        key: (before.get(key), after.get(key))
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)
    }


def read_change(reader: Reader, release, joined, quarter: int, name="d") -> None:
    """The reader knows that between release "a" and release "b" exactly the persons
    ``joined`` were added, all in ``quarter``, and that "b" recomputed that quarter and
    its year: each cell there is its old value plus the newcomers' count, a variable
    (name, period, cell) with the relations of the newcomers (exact where true). The
    reader knows how many joined."""
    provinces = len(release.figures["provinces"])
    periods = [Period.quarter(quarter).key]
    year = year_of(quarter, release)
    if year:
        periods.append(year)
    for key in periods:
        period = Period(key)
        exact = population.exactness(joined, period, provinces)
        cells = {cell for (n, p, cell) in reader.index if n == "b" and p == key}
        for cell in cells:
            reader.equal(
                {("b", key, cell): 1.0, ("a", key, cell): -1.0, (name, key, cell): -1.0}
            )
        for rid, margin, members in population.groups(period, provinces):
            reader.relation(
                (name, key, margin), [(name, key, c) for c in members], exact[rid]
            )
    reader.var((name, periods[0], "t"), len(joined), len(joined))
    if year:  # the newcomers count in the year exactly as in their quarter
        for cell in {c for (n, p, c) in reader.index if n == name and p == periods[0]}:
            reader.equal({(name, year, cell): 1.0, (name, periods[0], cell): -1.0})
