"""Disclosure control: the one place every published figure of the signals app passes.

The dashboard, the HTML report, the PDF, the XLSX and the CSV all show tables built by
``protect_table`` (and totals by ``protect_total``); nothing else formats a count.

Rules (parameters in ``Params``, from settings):

1. Cells count distinct persons (the SQL in ``signals.stats`` does that).
2. A cell of 1 .. threshold-1 persons is *primary suppressed* and shown as "<10".
   A count of threshold or more is rounded to a multiple of ``rounding`` (never below
   the threshold). 0 is shown as 0.
3. Group disclosure: in a table of fewer than ``group_min`` persons, no published cell
   may show the same (rounded) figure as the table's persons (that would say "100 % of
   them"); such a cell is suppressed ("×").
4. Complementary suppression: further cells are suppressed ("×") until no suppressed
   cell can be recovered from the table total and the published cells (``audit_table``
   states the exact conditions). When that is impossible the whole table is withheld.

The adversary assumed by ``audit_table`` is stronger than a real reader: published
cells are taken as exact (rounding is ignored) and the relation between the cells is
taken to be ``sum(cells) == sum of the true cells``, although a person may count in
more than one row (so a reader only knows ``sum(cells) >= persons``). Every table of a
release has its own relation; tables share no cells (there are no cross tables, and
region and province are never both broken down in one release), so a suppressed cell
cannot be recovered from another table either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

MIN_THRESHOLD = 5

# Cell states.
PUBLISHED = ""
PRIMARY = "primary"  # 1 .. threshold-1 persons: "<10"
COMPLEMENTARY = "complementary"  # hidden to protect another cell: "×"
GROUP = "group"  # would show 100 % of a small group: "×"
WITHHELD = "withheld"  # the whole table is withheld: "×"

HIDDEN_MARK = "×"


@dataclass(frozen=True)
class Params:
    threshold: int = 10
    rounding: int = 5
    group_min: int = 20

    def __post_init__(self):
        if self.threshold < MIN_THRESHOLD:
            raise ImproperlyConfigured(
                f"The disclosure threshold must be at least {MIN_THRESHOLD} "
                f"(it is {self.threshold})."
            )
        if self.rounding < 1 or self.group_min < self.threshold:
            raise ImproperlyConfigured(
                "Rounding must be at least 1 and the group minimum at least the "
                "threshold."
            )

    @classmethod
    def from_settings(cls) -> Params:
        return cls(
            threshold=getattr(settings, "SIGNALS_DISCLOSURE_THRESHOLD", 10),
            rounding=getattr(settings, "SIGNALS_DISCLOSURE_ROUNDING", 5),
            group_min=getattr(settings, "SIGNALS_DISCLOSURE_GROUP_MIN", 20),
        )

    @property
    def small_label(self) -> str:
        return f"<{self.threshold}"

    def as_dict(self) -> dict:
        return asdict(self)


class Refused(Exception):
    """A query whose result (or its complement) is too small to publish anything."""


def rounded(count: int, params: Params) -> int:
    """Round a publishable count (>= threshold) half up to a multiple of ``rounding``,
    never to a figure below the threshold."""
    if count < params.threshold:
        raise ValueError("Counts below the threshold are never rounded and published.")
    base = params.rounding
    value = (count + base // 2) // base * base
    if value < params.threshold:
        value = -(-params.threshold // base) * base
    return value


@dataclass
class Cell:
    key: object
    label: str
    count: int  # true number of persons; never published, never stored
    status: str = PUBLISHED
    display: str = ""
    value: int | None = None  # the published (rounded) figure, None when hidden

    @property
    def suppressed(self) -> bool:
        return self.status != PUBLISHED


@dataclass
class Table:
    key: str
    title: str
    persons: int  # distinct persons in the table (true)
    cells: list[Cell] = field(default_factory=list)
    withheld: bool = False
    persons_display: str = ""

    @property
    def suppressed_keys(self) -> list:
        return [cell.key for cell in self.cells if cell.suppressed]

    @property
    def has_suppression(self) -> bool:
        return any(cell.suppressed for cell in self.cells)

    def published(self) -> dict:
        """What may leave the app: labels, display strings, suppression marks."""
        return {
            "key": self.key,
            "title": str(self.title),
            "persons": self.persons_display,
            "withheld": self.withheld,
            "cells": [
                {
                    "key": cell.key,
                    "label": str(cell.label),
                    "display": cell.display,
                    "value": cell.value,
                    "status": cell.status,
                }
                for cell in self.cells
            ],
        }


# --- the audit: what a reader can infer ----------------------------------------------


def _bounds(cell: Cell, relation_total: int, params: Params) -> tuple[int, int]:
    """What the label of a cell alone tells a reader."""
    if cell.status == PRIMARY:
        return 1, params.threshold - 1
    if cell.suppressed:
        return 0, relation_total
    return cell.count, cell.count


def feasible_intervals(cells: list[Cell], params: Params) -> dict[int, tuple[int, int]]:
    """For each suppressed cell (by index): the smallest and largest value a reader can
    derive from the relation ``sum(cells) == S`` (S taken as known), the published
    cells, and the labels of the other suppressed cells. One linear equation with box
    bounds, so these intervals are exact."""
    total = sum(cell.count for cell in cells)
    published = sum(cell.count for cell in cells if not cell.suppressed)
    rest = total - published
    bounds = [_bounds(cell, total, params) for cell in cells]
    suppressed = [i for i, cell in enumerate(cells) if cell.suppressed]
    sum_lo = sum(bounds[i][0] for i in suppressed)
    sum_hi = sum(bounds[i][1] for i in suppressed)
    intervals = {}
    for i in suppressed:
        lo, hi = bounds[i]
        others_lo, others_hi = sum_lo - lo, sum_hi - hi
        intervals[i] = (max(lo, rest - others_hi), min(hi, rest - others_lo))
    return intervals


def audit_table(cells: list[Cell], persons: int, params: Params) -> list[str]:
    """Every way in which ``cells`` (with their states) would disclose something; an
    empty list means the table may be published.

    - no cell of 1 .. threshold-1 is published;
    - in a table of fewer than ``group_min`` persons no published cell shows the same
      rounded figure as the persons (100 %);
    - if anything is suppressed: at least two cells are, and what the total and the
      published cells leave for them together is at least the threshold;
    - a "<10" cell can still be anything from 1 to threshold-1 (nothing beyond the label
      is learnt), and a suppressed cell of a small group keeps a range of at least the
      threshold.
    """
    problems = []
    t = params.threshold
    for cell in cells:
        if not cell.suppressed and 0 < cell.count < t:
            problems.append(f"small cell {cell.key!r} published")
    small_group = persons < params.group_min
    if small_group and persons >= t:
        shown_persons = rounded(persons, params)
        for cell in cells:
            if (
                not cell.suppressed
                and cell.count >= t
                and rounded(cell.count, params) == shown_persons
            ):
                problems.append(f"cell {cell.key!r} shows 100 % of a small group")
    suppressed = [cell for cell in cells if cell.suppressed]
    if not suppressed:
        return problems
    if len(suppressed) < 2:
        problems.append("a single suppressed cell follows from the total")
    rest = sum(cell.count for cell in suppressed)
    if rest < t:
        problems.append("suppressed cells together are below the threshold")
    for i, (lo, hi) in feasible_intervals(cells, params).items():
        cell = cells[i]
        if (
            cell.status == PRIMARY
            and (lo, hi) != (1, t - 1)
            or cell.status == GROUP
            and hi - lo < t
        ):
            problems.append(f"cell {cell.key!r} narrowed to {lo}..{hi}")
    return problems


# --- protection ----------------------------------------------------------------------


def _finish(table: Table, params: Params) -> Table:
    for cell in table.cells:
        if cell.status == PRIMARY:
            cell.display, cell.value = params.small_label, None
        elif cell.suppressed:
            cell.display, cell.value = HIDDEN_MARK, None
        elif cell.count == 0:
            cell.display, cell.value = "0", 0
        else:
            cell.value = rounded(cell.count, params)
            cell.display = str(cell.value)
    table.persons_display = protect_total(table.persons, params)
    return table


def protect_table(
    key: str,
    title: str,
    items: list[tuple[object, str, int]],
    persons: int,
    params: Params | None = None,
) -> Table:
    """Build a publishable table from ``(key, label, distinct persons)`` items and the
    number of distinct persons in the whole table."""
    params = params or Params.from_settings()
    t = params.threshold
    cells = [Cell(k, label, int(count)) for k, label, count in items]
    table = Table(key, title, int(persons), cells)
    if persons < t:
        # Never happens for a release (refused before), but stay safe.
        for cell in cells:
            cell.status = WITHHELD
        table.withheld = True
        return _finish(table, params)
    for cell in cells:
        if 0 < cell.count < t:
            cell.status = PRIMARY
    if persons < params.group_min:
        shown = rounded(persons, params)
        for cell in cells:
            if cell.count >= t and rounded(cell.count, params) == shown:
                cell.status = GROUP
    while audit_table(cells, persons, params):
        candidates = [cell for cell in cells if not cell.suppressed]
        if not candidates:
            for cell in cells:
                cell.status = WITHHELD
            table.withheld = True
            break
        # The smallest cell that makes the table safe on its own; otherwise the
        # largest, which adds the most to what the suppressed cells share.
        candidates.sort(key=lambda cell: cell.count)
        chosen = None
        for cell in candidates:
            cell.status = COMPLEMENTARY
            safe = not audit_table(cells, persons, params)
            cell.status = PUBLISHED
            if safe:
                chosen = cell
                break
        (chosen or candidates[-1]).status = COMPLEMENTARY
    return _finish(table, params)


def protect_total(persons: int, params: Params | None = None) -> str:
    params = params or Params.from_settings()
    if persons == 0:
        return "0"
    if persons < params.threshold:
        return params.small_label
    return str(rounded(persons, params))


# --- anti-differencing ---------------------------------------------------------------


def check_query(*, persons: int, complement: int, params: Params | None = None) -> None:
    """Refuse a query whose result set has fewer persons than the threshold, or whose
    complement (counted persons with a signal outside the selection) has between 1 and
    threshold-1 persons: comparing it with the overall figures would single those few
    out. A complement of 0 is the overall figure itself."""
    params = params or Params.from_settings()
    if persons < params.threshold:
        raise Refused(
            _(
                "Fewer than %(threshold)s persons match this selection, so no figures "
                "can be shown. Choose a wider selection."
            )
            % {"threshold": params.threshold}
        )
    if 0 < complement < params.threshold:
        raise Refused(
            _(
                "This selection leaves out fewer than %(threshold)s persons, so its "
                "figures could be compared with the overall figures to single them "
                "out. Choose a narrower or a different selection."
            )
            % {"threshold": params.threshold}
        )


def input_digest(raw: dict) -> str:
    """A keyed hash (HMAC) of the raw counts: lets a re-run show that it reproduces a
    release without the raw counts being stored, and cannot be used to try out
    candidate counts without the key."""
    import hmac

    key = ("signals-digest:" + settings.SECRET_KEY).encode()
    blob = json.dumps(raw, sort_keys=True, default=str).encode()
    return hmac.new(key, blob, hashlib.sha256).hexdigest()
