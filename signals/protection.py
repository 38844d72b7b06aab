"""The audit of a release: what the strongest reader can work out from it.

The reader is assumed to know every published figure of the release, the perturbation
table (so each figure's range, ``perturbation.bounds``), the threshold, and every true
relation between the cells (``Relation``): a margin equals the sum of its cells where
no person counts in two of them, is at most that sum otherwise, and no cell exceeds its
margin. For each cell the reader's best range is the linear programme: minimise and
maximise the cell over every assignment of counts that agrees with all of that (solved
with HiGHS through scipy).

A release passes when, in every period,

- **R1 (no zero elimination)**: no cell can be shown to be empty: its maximum is at
  least 1. A published figure never certifies that nobody in a group has a value;
- **R2 (no pinned small cell)**: no cell of 1 to threshold-1 persons can be pinned to
  one value: its minimum is below its maximum.

Cells whose true count is 1 or more always pass R1 (the true counts are a solution),
so only empty cells are tested for R1 and only small cells for R2. A failing cell's
table is withheld for that period (all its cells "×", which removes what the reader
knew about them) and the period is audited again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from signals.perturbation import Params, bounds


@dataclass(frozen=True)
class Relation:
    """``margin`` relates to the sum of ``cells``: equal when ``exact``, else at most
    that sum; and every cell is at most the margin."""

    margin: str
    cells: tuple[str, ...]
    exact: bool


@dataclass
class Problem:
    names: list[str]
    lower: list[float]
    upper: list[float]
    a_eq: list[list[float]]
    b_eq: list[float]
    a_ub: list[list[float]]
    b_ub: list[float]


def build(published: dict, relations: list[Relation], params: Params) -> Problem:
    """The reader's constraints. ``published``: cell -> figure, ``None`` for "<10",
    or ``WITHHELD`` (known only to be a count of 0 or more)."""
    names = list(published)
    index = {name: i for i, name in enumerate(names)}
    lower, upper = [], []
    for name in names:
        value = published[name]
        if value is WITHHELD:
            low, high = 0, None
        else:
            low, high = bounds(value, params)
        lower.append(low)
        upper.append(high)
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for relation in relations:
        if relation.margin not in index:
            continue
        members = [index[c] for c in relation.cells if c in index]
        row = [0.0] * len(names)
        for i in members:
            row[i] = 1.0
        row[index[relation.margin]] = -1.0
        if relation.exact:
            a_eq.append(row)
            b_eq.append(0.0)
        else:  # margin <= sum of cells
            a_ub.append([-v for v in row])
            b_ub.append(0.0)
        for i in members:  # cell <= margin
            cap = [0.0] * len(names)
            cap[i], cap[index[relation.margin]] = 1.0, -1.0
            a_ub.append(cap)
            b_ub.append(0.0)
    return Problem(names, lower, upper, a_eq, b_eq, a_ub, b_ub)


def reader_range(problem: Problem, cell: str, sense: int) -> float:
    """The reader's minimum (``sense`` 1) or maximum (``sense`` -1) of ``cell``."""
    c = np.zeros(len(problem.names))
    c[problem.names.index(cell)] = sense
    result = linprog(
        c,
        A_ub=np.array(problem.a_ub) if problem.a_ub else None,
        b_ub=np.array(problem.b_ub) if problem.b_ub else None,
        A_eq=np.array(problem.a_eq) if problem.a_eq else None,
        b_eq=np.array(problem.b_eq) if problem.b_eq else None,
        bounds=list(zip(problem.lower, problem.upper, strict=True)),
        method="highs",
    )
    if result.status != 0:  # cannot happen: the true counts are a solution
        raise ArithmeticError(f"audit LP failed: {result.message}")
    return sense * result.fun


class _Withheld:
    def __repr__(self):
        return "WITHHELD"


WITHHELD = _Withheld()


def failing_cells(
    published: dict,
    truth: dict,
    relations: list[Relation],
    params: Params,
    one_more_fits=None,
) -> list[str]:
    """Cells that break R1 or R2 (see the module docstring).

    ``one_more_fits(cell)``, when given, answers whether the true population plus
    one more person who counts in ``cell`` still agrees with every published
    figure. Such a population is a solution the reader cannot rule out (its
    relations hold because it is a population), so the cell's maximum is above its
    true count and no linear programme is needed for it."""
    problem = build(published, relations, params)
    fits = one_more_fits or (lambda cell: False)

    def most(cell):  # the reader knows counts are whole numbers
        return math.floor(reader_range(problem, cell, -1) + 1e-6)

    def least(cell):
        return math.ceil(reader_range(problem, cell, 1) - 1e-6)

    failing = []
    for cell, value in published.items():
        if value is WITHHELD or value is not None:
            continue
        count = truth.get(cell, 0)
        if count < params.threshold - 1 and fits(cell):
            continue
        if count == 0:
            if most(cell) < 1:
                failing.append(cell)
        elif count < params.threshold and most(cell) <= count <= least(cell):
            failing.append(cell)
    return failing
