"""Counting distinct persons in SQL: one statement for every table of a release.

Signals are grouped per person, OR-ing their value masks (``Signal.mask``: one bit per
value of each field, kept by PostgreSQL), a bit per quarter and a bit per province;
the outer query counts persons per bit. So a person with five
signals in one category counts once there, and the database returns a few dozen
numbers instead of rows. Only signals with a valid consent for statistics take part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction

from signals import constants as sc

# Fields aggregated as bit masks: name -> choices (values must stay below 63).
MASK_FIELDS = {
    "category": sc.SignalCategory,
    "office": sc.SignalOffice,
    "channel": sc.SignalChannel,
    "perpetrator": sc.PerpetratorKind,
    "police": sc.PoliceReport,
    "impact": sc.ImpactLevel,
}
# Fields a dashboard selection may filter on (all are columns of signals_signal).
FILTER_FIELDS = (*MASK_FIELDS, "province_id", "region_id")
MAX_QUARTERS = 60
MAX_PROVINCES = 63  # one bit each (there are 12)


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
        unknown = set(self.filters) - set(FILTER_FIELDS)
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


def _count_columns(selection: Selection) -> list[str]:
    from signals.models import MASK_OFFSETS

    counts = []
    for name, choices in MASK_FIELDS.items():
        for value in choices.values:
            bit = 1 << (MASK_OFFSETS[name] + value)
            counts.append(f"count(*) FILTER (WHERE hit AND mask & {bit} <> 0)")
    for offset in range(len(selection.quarters)):
        counts.append(f"count(*) FILTER (WHERE hit AND qs & {1 << offset} <> 0)")
    for bit in range(MAX_PROVINCES):
        counts.append(f"count(*) FILTER (WHERE hit AND ps & {1 << bit} <> 0)")
    return counts


def count_persons(selection: Selection) -> Counts:
    from cases.constants import ConsentPurpose
    from regions.models import Province

    # One bit per province, in the order of their CBS codes.
    province_ids = list(
        Province.objects.order_by("code").values_list("pk", flat=True)[:MAX_PROVINCES]
    )
    params = {
        "provinces": province_ids,
        "purpose": ConsentPurpose.STATISTICS.value,
        "q0": selection.first_quarter,
        "q1": selection.last_quarter,
    }
    conditions = ["s.quarter BETWEEN %(q0)s AND %(q1)s"]
    for column, value in sorted(selection.filters.items()):
        conditions.append(f"s.{column} = %(f_{column})s")
        params[f"f_{column}"] = int(value)
    cond = " AND ".join(conditions)
    counts = _count_columns(selection)
    # Only whitelisted column names and generated constants are formatted in.
    sql = f"""
WITH p AS (
    SELECT bool_or(hit) AS hit, bool_or(NOT hit) AS miss,
           bit_or(mask) FILTER (WHERE hit) AS mask,
           bit_or(1::bigint << (quarter - %(q0)s)) FILTER (WHERE hit) AS qs,
           bit_or(1::bigint << pbit) FILTER (WHERE hit) AS ps
    FROM (
        SELECT s.person_key, s.mask, s.quarter, ({cond}) AS hit,
               array_position(%(provinces)s::int[], s.province_id) - 1 AS pbit
        FROM signals_signal s
        LEFT JOIN (
            SELECT DISTINCT c.case_id FROM cases_consent c
            WHERE c.purpose = %(purpose)s AND c.revoked_at IS NULL
        ) consented ON consented.case_id = s.case_id
        WHERE (s.case_id IS NULL AND s.consent_revoked_at IS NULL)
           OR consented.case_id IS NOT NULL
    ) s
    GROUP BY person_key
)
SELECT
    count(*) FILTER (WHERE hit),
    count(*) FILTER (WHERE miss),
    ARRAY[{", ".join(counts)}]::bigint[]
FROM p
"""  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        # One large aggregate: no JIT (compiling costs seconds), enough memory to
        # hash 50,000 persons without spilling, and a sequential scan (the
        # complement needs every counted signal anyway).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(sql, params)
        persons, complement, flat = cursor.fetchone()
    flat = list(flat or [])
    by_field, position = {}, 0
    for name, choices in MASK_FIELDS.items():
        by_field[name] = {}
        for value in choices.values:
            by_field[name][value] = flat[position]
            position += 1
    quarter = {}
    for q in selection.quarters:
        quarter[q] = flat[position]
        position += 1
    province = {}
    for bit, province_id in enumerate(province_ids[:MAX_PROVINCES]):
        province[province_id] = flat[position + bit]
    return Counts(
        persons=persons or 0,
        complement=complement or 0,
        by_field=by_field,
        province=province,
        quarter=quarter,
    )
