"""Counting distinct persons in SQL: one statement for every table of a release.

Signals are grouped per person, OR-ing their value masks (``Signal.mask``: one bit per
value of each field, kept by PostgreSQL), a bit per quarter and a bit per province;
the outer query counts persons per bit. So a person with five
signals in one category counts once there, and the database returns a few dozen
numbers instead of rows. Only signals with a valid consent for statistics take part.

Design note: the bit layout and the 21-bit lanes
------------------------------------------------
What is packed. Per person, two bigints:

- ``mask``, 63 bits. Bits 0-47: six fields (``MASK_OFFSETS``: category 0, office 8,
  channel 16, perpetrator 24, police 32, impact 40), an 8-bit slot each, value ``v``
  setting bit ``offset + v``; values run 1..7, so choices must stay below 8. Bits
  48-62: one per province (``PROVINCE_SHIFT`` + the province's place in the order of
  CBS codes), at most ``MAX_PROVINCES`` = 15 (there are 12; a 16th gets no bit). Bit 63,
  the sign bit, stays clear, so shifts and masks act as on unsigned numbers.
- ``qs``, one bit per quarter of the selection (quarter - first quarter), at most
  ``MAX_QUARTERS`` = 60.

A filtered count ORs these from the signals; a period-only count reads
``PersonSummary.quarter_masks``, which holds the same 63-bit layout per quarter and is
kept by the triggers in ``signals/sql/0004_person_summary.sql`` (they repeat 48 and 15
as literals: a change of layout needs a new migration and SQL file).

Counting per bit. A release needs, for every bit, how many persons have it: one
``sum`` per bit would be up to 123 aggregates over every person. Instead sum ``k``
adds up ``(mask >> k) & LANES``, where ``LANES`` = 1 | 1 << 21 | 1 << 42 picks bits
``k``, ``k + 21`` and ``k + 42`` and places them at 0, 21 and 42 of one number: the
sum holds three counters side by side, in 21-bit lanes. 21 sums cover the 63 mask
bits and at most 21 more the quarters (42 aggregates instead of 123); ``unpack``
splits the lanes again.

Why 21 bits: the 63 usable bits of a bigint, and exactly the mask's 63 bits, split
into three equal lanes, and a 21-bit lane holds a count up to 2,097,151. Four lanes
of 16 bits would need 16 sums instead of 21 but overflow at 65,536 persons, near the
size of the data (the benchmark has 50,000 persons); two lanes of 32 would need 32.

The overflow bound. A lane overflows when 2**21 = 2,097,152 persons have its bit: it
then reads the count less 2**21 and the next lane one too many, silently (no error).
No count exceeds the number of persons in the selection, so the figures are exact
while a selection holds fewer than 2,097,152 persons: some 40 times the 50,000 of the
benchmark. The top lane has no bound: PostgreSQL's ``sum`` of bigints is a numeric.

Tested in ``tests/signals/test_signals_bit_packing.py`` (the layout fits a bigint, the
summary's SQL uses the same shift and limit, the lanes are exact at 2**21 - 1 persons
with every bit set and carry at 2**21) and ``tests/signals/test_signals_summary.py``
(unpacking, and a property test that every figure equals counting signal by signal).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction

from signals import constants as sc
from signals.models import FILTER_COLUMNS, MASK_OFFSETS, PROVINCE_SHIFT

# Fields aggregated as bit masks: name -> choices (values must stay below 8).
MASK_FIELDS = {
    "category": sc.SignalCategory,
    "office": sc.SignalOffice,
    "channel": sc.SignalChannel,
    "perpetrator": sc.PerpetratorKind,
    "police": sc.PoliceReport,
    "impact": sc.ImpactLevel,
}
MAX_QUARTERS = 60
# How many values each filter has (roughly; for choosing the index to read).
_VALUES = {
    **{name: len(choices.values) for name, choices in MASK_FIELDS.items()},
    "province_id": 12,
    "region_id": 25,
}
MAX_PROVINCES = 15  # one bit each above the value bits (there are 12)
# Per-bit counts are summed three at a time in 21-bit lanes (see the design note
# above): exact while fewer than 2**21 persons have a bit (the top lane has no limit).
LANE = 21
LANES = 1 | 1 << LANE | 1 << 2 * LANE


@dataclass
class Selection:
    first_quarter: int
    last_quarter: int
    filters: dict = field(default_factory=dict)  # column -> int

    def __post_init__(self):
        if self.last_quarter < self.first_quarter:
            raise ValueError("period out of order")
        if self.last_quarter - self.first_quarter >= MAX_QUARTERS:
            raise ValueError("period too long")
        unknown = set(self.filters) - set(FILTER_COLUMNS)
        if unknown:
            raise ValueError(f"unknown filter {unknown}")

    @property
    def quarters(self) -> list[int]:
        return list(range(self.first_quarter, self.last_quarter + 1))


@dataclass
class Counts:
    persons: int
    complement: int
    by_field: dict  # field -> {value: persons}
    province: dict  # province id -> persons
    quarter: dict  # quarter number -> persons

    def raw(self) -> dict:
        return {
            "persons": self.persons,
            "complement": self.complement,
            "by_field": self.by_field,
            "province": self.province,
            "quarter": self.quarter,
        }


def lane_sums(column: str, bits: int) -> list[str]:
    """Sums that count, over all persons, how many have each of ``bits`` bits of
    ``column`` set: sum k holds bits k, k + 21 and k + 42 in its three lanes."""
    return [f"sum(({column} >> {k}) & {LANES})" for k in range(min(bits, LANE))]


def unpack(sums: list, bits: int) -> list[int]:
    """Per-bit counts from ``lane_sums``."""
    counts = [0] * bits
    for k, total in enumerate(sums):
        for lane in range(3):
            bit = k + lane * LANE
            if bit < bits:
                value = int(total or 0) >> (lane * LANE)
                counts[bit] = value if lane == 2 else value & ((1 << LANE) - 1)
    return counts


def lead_filter(filters: dict) -> str:
    """The filter whose index a count reads: the one with the most values (so the
    fewest entries). Each filter column leads an index that includes the mask and
    the geography (``signal_count_*``), so the other filters are tested there,
    without visiting the table."""
    return max(filters, key=lambda column: (_VALUES[column], column))


def _hits_from_signals(selection: Selection, params: dict) -> str:
    """Per person who has a counted signal matching the whole selection: the OR of
    those signals' masks with a bit for their province, and a bit per quarter.

    A signal counts when it is standalone with its consent not revoked, or derived
    from a case that has a valid consent for statistics (the valid consents are
    read once into a hash table, not looked up per signal)."""
    conditions = ["s.quarter BETWEEN %(q0)s AND %(q1)s"]
    lead = lead_filter(selection.filters)
    for column, value in sorted(selection.filters.items()):
        params[f"f_{column}"] = int(value)
        if column == lead or column not in MASK_FIELDS:
            conditions.append(f"s.{column} = %(f_{column})s")
        else:
            # Exactly one bit of each field is set in the mask.
            bit = 1 << (MASK_OFFSETS[column] + int(value))
            conditions.append(f"s.mask & {bit} <> 0")
    return f"""
    SELECT bit_or(s.mask | coalesce(1::bigint << (
               {PROVINCE_SHIFT - 1}
               + array_position(%(provinces)s::int[], s.province_id)
           ), 0)) AS mask,
           bit_or(1::bigint << (s.quarter - %(q0)s)) AS qs
    FROM signals_signal s
    WHERE {" AND ".join(conditions)}
      AND ((s.case_id IS NULL AND s.consent_revoked_at IS NULL)
           OR s.case_id IN (
               SELECT c.case_id FROM cases_consent c
               WHERE c.purpose = %(purpose)s AND c.revoked_at IS NULL))
    GROUP BY s.person_key
    """  # noqa: S608


def _hits_from_summary(selection: Selection) -> str:
    """The same for a selection of only a period, from the per-person summary: the
    quarters' masks ORed per person, no signal visited."""
    quarters = [
        # The array's subscripts are quarter numbers: NULL outside the person's span.
        f"coalesce(quarter_masks[{quarter}], 0) AS m{offset}"
        for offset, quarter in enumerate(selection.quarters)
    ]
    offsets = range(len(quarters))
    masks = " | ".join(f"m{offset}" for offset in offsets)
    present = " | ".join(
        f"((m{offset} <> 0)::int::bigint << {offset})" for offset in offsets
    )
    # OFFSET 0 keeps PostgreSQL from inlining the expressions into every sum below.
    return f"""
    SELECT mask, qs FROM (
        SELECT {masks} AS mask, {present} AS qs FROM (
            SELECT {", ".join(quarters)}
            FROM signals_personsummary
            WHERE first_quarter <= %(q1)s AND last_quarter >= %(q0)s
            OFFSET 0
        ) quarters
        OFFSET 0
    ) folded
    WHERE mask <> 0
    """  # noqa: S608


def _outside(selection: Selection, params: dict) -> str:
    """Condition on the summary: the person has a counted signal outside the
    selection (a signal misses it when any one of its conditions fails)."""
    conditions = ["first_quarter < %(q0)s", "last_quarter > %(q1)s"]
    for column, value in sorted(selection.filters.items()):
        if column in MASK_FIELDS:
            field_bits = 0xFF << MASK_OFFSETS[column]
            other = field_bits & ~(1 << (MASK_OFFSETS[column] + int(value)))
            conditions.append(f"mask & {other} <> 0")
        else:  # province_id, region_id
            name = column.removesuffix("_id")
            params[f"o_{column}"] = int(value)
            conditions.append(
                f"NOT ({name}_min = %(o_{column})s AND {name}_max = %(o_{column})s)"
            )
    return " OR ".join(conditions)


def count_persons(selection: Selection) -> Counts:
    from cases.constants import ConsentPurpose
    from regions.models import Province

    # One bit per province, in the order of their CBS codes (as in the summary).
    province_ids = list(
        Province.objects.order_by("code").values_list("pk", flat=True)[:MAX_PROVINCES]
    )
    params = {
        "provinces": province_ids,
        "purpose": ConsentPurpose.STATISTICS.value,
        "q0": selection.first_quarter,
        "q1": selection.last_quarter,
    }
    if selection.filters:
        hits = _hits_from_signals(selection, params)
    else:
        hits = _hits_from_summary(selection)
    outside = _outside(selection, params)
    sums = [
        *lane_sums("mask", PROVINCE_SHIFT + MAX_PROVINCES),
        *lane_sums("qs", len(selection.quarters)),
    ]
    # Only whitelisted column names and generated constants are formatted in.
    sql = f"""
WITH p AS ({hits})
SELECT
    count(*),
    (SELECT count(*) FROM signals_personsummary WHERE {outside}),
    ARRAY[{", ".join(sums)}]
FROM p
"""  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        # One large aggregate: no JIT (compiling costs more than it saves), and
        # enough memory to hash every person without spilling.
        cursor.execute(
            "SELECT set_config('jit', 'off', true),"
            " set_config('work_mem', '64MB', true)"
        )
        cursor.execute(sql, params)
        persons, complement, flat = cursor.fetchone()
    flat = list(flat or [])
    mask_sums = min(PROVINCE_SHIFT + MAX_PROVINCES, LANE)
    bits = unpack(flat[:mask_sums], PROVINCE_SHIFT + MAX_PROVINCES)
    in_quarter = unpack(flat[mask_sums:], len(selection.quarters))
    by_field = {
        name: {value: bits[MASK_OFFSETS[name] + value] for value in choices.values}
        for name, choices in MASK_FIELDS.items()
    }
    quarter = dict(zip(selection.quarters, in_quarter, strict=True))
    province = {
        province_id: bits[PROVINCE_SHIFT + place]
        for place, province_id in enumerate(province_ids)
    }
    return Counts(
        persons=persons or 0,
        complement=complement or 0,
        by_field=by_field,
        province=province,
        quarter=quarter,
    )
