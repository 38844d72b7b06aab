"""Counting distinct persons in SQL: one statement for every table of a release.

Signals are first grouped per person (and province/region), with one bit per value of
each field (``bit_or``); the outer queries count persons per bit. So a person with five
signals in one category counts once there, and the database returns a few dozen
numbers instead of rows. Only signals with a valid consent for statistics take part.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import connection

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

CONSENT_SQL = """(
    (s.case_id IS NULL AND s.consent_revoked_at IS NULL)
    OR EXISTS (
        SELECT 1 FROM cases_consent c
        WHERE c.case_id = s.case_id AND c.purpose = %(purpose)s
          AND c.revoked_at IS NULL
    )
)"""


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


def _mask_columns(selection: Selection) -> tuple[str, str, list[str]]:
    inner, outer, counts = [], [], []
    for name, choices in MASK_FIELDS.items():
        inner.append(f"bit_or(1::bigint << s.{name}) FILTER (WHERE hit) AS {name}")
        outer.append(f"bit_or({name}) AS {name}")
        for value in choices.values:
            counts.append(f"count(*) FILTER (WHERE {name} & {1 << value} <> 0)")
    inner.append("bit_or(1::bigint << (s.quarter - %(q0)s)) FILTER (WHERE hit) AS qs")
    outer.append("bit_or(qs) AS qs")
    for offset in range(len(selection.quarters)):
        counts.append(f"count(*) FILTER (WHERE qs & {1 << offset} <> 0)")
    return ",\n".join(inner), ",\n".join(outer), counts


def count_persons(selection: Selection) -> Counts:
    from cases.constants import ConsentPurpose

    params = {
        "purpose": ConsentPurpose.STATISTICS.value,
        "q0": selection.first_quarter,
        "q1": selection.last_quarter,
    }
    conditions = ["s.quarter BETWEEN %(q0)s AND %(q1)s"]
    for column, value in sorted(selection.filters.items()):
        conditions.append(f"s.{column} = %(f_{column})s")
        params[f"f_{column}"] = int(value)
    cond = " AND ".join(conditions)
    inner, outer, counts = _mask_columns(selection)
    # Only whitelisted column names and generated constants are formatted in.
    sql = f"""
WITH sig AS (
    SELECT s.*, ({cond}) AS hit FROM signals_signal s WHERE {CONSENT_SQL}
), pp AS (
    SELECT s.person_key, s.province_id,
           bool_or(hit) AS hit, bool_or(NOT hit) AS miss,
           {inner}
    FROM sig s
    GROUP BY s.person_key, s.province_id
), p AS (
    SELECT person_key, bool_or(hit) AS hit, bool_or(miss) AS miss,
           {outer}
    FROM pp GROUP BY person_key
)
SELECT
    (SELECT count(*) FROM p WHERE hit),
    (SELECT count(*) FROM p WHERE miss),
    (SELECT json_build_array({", ".join(counts)}) FROM p WHERE hit),
    (SELECT coalesce(json_object_agg(province_id, n), '{{}}') FROM (
        SELECT province_id, count(DISTINCT person_key) AS n FROM pp WHERE hit
        GROUP BY province_id) x)
"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        persons, complement, flat, province = cursor.fetchone()
    flat = json.loads(flat) if isinstance(flat, str) else flat
    province = json.loads(province) if isinstance(province, str) else province
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
    return Counts(
        persons=persons,
        complement=complement,
        by_field=by_field,
        province={int(k): v for k, v in province.items()},
        quarter=quarter,
    )
