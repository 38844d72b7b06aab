"""The fixed table catalogue of a release: which tables exist, their cells, their
periods, and which cells are linked by a sum. Nothing outside this catalogue is ever
counted or published; the dashboard chooses among its tables.

Cells are named by the bits of a person's period mask (``Signal.mask`` ORed over the
period, with one bit per province above ``PROVINCE_SHIFT``):

- ``t``: the persons of the period (the table ``total``);
- ``b<n>``: the persons with bit ``n`` (one value of one dimension, or a province);
- ``p<a>_<b>``: the persons with both bits (a two-dimension table; years only).

Periods: each closed quarter of the release (``q<number>``) and each closed calendar
year of which all four quarters lie in the release (``y<year>``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from signals import constants as sc
from signals.models import MASK_OFFSETS, PROVINCE_SHIFT

CHOICES = {
    "category": sc.SignalCategory,
    "office": sc.SignalOffice,
    "channel": sc.SignalChannel,
    "perpetrator": sc.PerpetratorKind,
    "police": sc.PoliceReport,
    "impact": sc.ImpactLevel,
}
# The one-dimension tables, in the order they are shown.
DIMENSIONS = ("category", "office", "province", "channel", "perpetrator")
DIMENSIONS = (*DIMENSIONS, "police", "impact")
# The allow-list of two-dimension tables: coarse dimensions, calendar years only.
PAIRS = (("office", "category"), ("police", "impact"))

TITLES = {
    "total": _("Persons"),
    "category": _("Persons by category"),
    "office": _("Persons by kind of office holder"),
    "province": _("Persons by province"),
    "channel": _("Persons by channel"),
    "perpetrator": _("Persons by kind of perpetrator"),
    "police": _("Persons by police report"),
    "impact": _("Persons by impact"),
    "office_category": _("Persons by kind of office holder and category"),
    "police_impact": _("Persons by police report and impact"),
}


def value_bit(dimension: str, value: int) -> int:
    return MASK_OFFSETS[dimension] + value


def province_bit(place: int) -> int:
    """``place``: the province's index in the order of CBS codes."""
    return PROVINCE_SHIFT + place


def pair_key(first: str, second: str) -> str:
    return f"{first}_{second}"


@dataclass(frozen=True)
class Period:
    key: str  # "q8105" or "y2025"

    @property
    def is_year(self) -> bool:
        return self.key.startswith("y")

    @property
    def number(self) -> int:
        """The quarter number, or the year."""
        return int(self.key[1:])

    @property
    def db(self) -> int:
        """How ``signals.ReleaseBasis`` stores it: a quarter number, or -year."""
        return -self.number if self.is_year else self.number

    @property
    def label(self) -> str:
        return str(self.number) if self.is_year else sc.quarter_label(self.number)

    @property
    def quarters(self) -> range:
        if self.is_year:
            first = sc.quarter_number(self.number, 1)
            return range(first, first + 4)
        return range(self.number, self.number + 1)

    @classmethod
    def quarter(cls, number: int) -> Period:
        return cls(f"q{number}")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(f"y{year}")

    @classmethod
    def from_db(cls, value: int) -> Period:
        return cls.year(-value) if value < 0 else cls.quarter(value)


def periods(first_quarter: int, last_quarter: int) -> list[Period]:
    """The periods of a release over these quarters: years (newest first), then
    quarters (newest first)."""
    years = [
        Period.year(year)
        for year in range(last_quarter // 4, first_quarter // 4 - 1, -1)
        if sc.quarter_number(year, 1) >= first_quarter
        and sc.quarter_number(year, 4) <= last_quarter
    ]
    quarters = [Period.quarter(q) for q in range(last_quarter, first_quarter - 1, -1)]
    return years + quarters


@dataclass(frozen=True)
class Table:
    key: str
    cells: tuple[tuple[str, object], ...]  # (cell, row value)
    years_only: bool = False

    @property
    def title(self):
        return TITLES[self.key]


def dimension_cells(dimension: str, province_codes: list[str]) -> list[tuple]:
    if dimension == "province":
        return [(f"b{province_bit(i)}", code) for i, code in enumerate(province_codes)]
    return [(f"b{value_bit(dimension, v)}", v) for v in CHOICES[dimension].values]


def tables(province_codes: list[str]) -> list[Table]:
    """The catalogue. ``province_codes``: CBS codes in code order (bit order)."""
    result = [Table("total", (("t", None),))]
    for dimension in DIMENSIONS:
        result.append(
            Table(dimension, tuple(dimension_cells(dimension, province_codes)))
        )
    for first, second in PAIRS:
        cells = [
            (f"p{value_bit(first, a)}_{value_bit(second, b)}", (a, b))
            for a in CHOICES[first].values
            for b in CHOICES[second].values
        ]
        result.append(Table(pair_key(first, second), tuple(cells), years_only=True))
    return result


def tables_for(period: Period, province_codes: list[str]) -> list[Table]:
    return [t for t in tables(province_codes) if period.is_year or not t.years_only]


def pair_bits() -> list[tuple[int, int]]:
    return [
        (value_bit(first, a), value_bit(second, b))
        for first, second in PAIRS
        for a in CHOICES[first].values
        for b in CHOICES[second].values
    ]


def label(table: str, value) -> str:
    """A row label for a cell's value (provinces are labelled by the caller)."""
    if table in CHOICES:
        return str(CHOICES[table](value).label)
    if "_" in table:
        first, second = table.split("_")
        return f"{CHOICES[first](value[0]).label} · {CHOICES[second](value[1]).label}"
    return str(TITLES["total"])
