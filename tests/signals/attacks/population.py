"""Fictional populations for the attack suite, and their truth counted in Python.

A population is a list of ``Person``s, each with signals (one dict of field values per
signal). ``write`` stores them as standalone signals, with seeded record keys so every
run publishes the same figures. ``truth`` counts distinct persons per cell of a period
the way the catalogue defines it, independently of the SQL of ``signals.releases``; the
attacker uses it only for what the strongest reader is assumed to know (which relations
are exact), the tests use it to know whom they planted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.utils import timezone

from signals import catalogue
from signals import constants as sc
from signals.catalogue import Period, value_bit
from signals.models import RecordKey, Signal
from signals.perturbation import KEY_MODULUS

HIDDEN = ("category", "channel", "perpetrator", "police", "impact")
FIELDS = ("category", "office", "channel", "perpetrator", "police", "impact")

# How often each value occurs in a background population (order of the choices).
WEIGHTS = {
    "category": (30, 30, 15, 4, 10, 3, 8),
    "office": (60, 20, 0, 10, 3, 7),  # no mayors: the planted persons are the mayors
    "channel": (45, 15, 15, 8, 4, 10, 3),
    "perpetrator": (60, 10, 5, 3, 17, 5),
    "police": (60, 20, 10, 10),
    "impact": (25, 45, 22, 8),
}
PROVINCE_WEIGHTS = (17, 15, 13, 12, 10, 8, 7, 6, 5, 4, 2, 1)
SMALL_PROVINCE = len(PROVINCE_WEIGHTS) - 1  # the place of the smallest province

# Rare combinations for planted groups: a mayor in the smallest province.
RARE = (
    {
        "office": sc.SignalOffice.MAYOR,
        "province": SMALL_PROVINCE,
        "category": sc.SignalCategory.VIOLENCE,
        "channel": sc.SignalChannel.AT_HOME,
        "perpetrator": sc.PerpetratorKind.GROUP,
        "police": sc.PoliceReport.AANGIFTE,
        "impact": sc.ImpactLevel.SEVERE,
    },
    {
        "office": sc.SignalOffice.MAYOR,
        "province": SMALL_PROVINCE,
        "category": sc.SignalCategory.ABUSE,
        "channel": sc.SignalChannel.PHONE,
        "perpetrator": sc.PerpetratorKind.OFFICIAL,
        "police": sc.PoliceReport.MELDING,
        "impact": sc.ImpactLevel.HIGH,
    },
    {
        "office": sc.SignalOffice.MAYOR,
        "province": SMALL_PROVINCE - 1,
        "category": sc.SignalCategory.OTHER,
        "channel": sc.SignalChannel.MEETING,
        "perpetrator": sc.PerpetratorKind.POLITICIAN,
        "police": sc.PoliceReport.UNKNOWN,
        "impact": sc.ImpactLevel.SEVERE,
    },
)
COMMON = {
    "office": sc.SignalOffice.COUNCILLOR,
    "province": 0,
    "category": sc.SignalCategory.THREAT,
    "channel": sc.SignalChannel.ONLINE,
    "perpetrator": sc.PerpetratorKind.CITIZEN,
    "police": sc.PoliceReport.NONE,
    "impact": sc.ImpactLevel.MODERATE,
}

_next_key = iter(range(7_000_000, 8_000_000))


@dataclass
class Person:
    key: int
    signals: list[dict] = field(default_factory=list)

    def quarters(self) -> set[int]:
        return {s["quarter"] for s in self.signals}


@dataclass
class Planted:
    """A planted person and what the attacker knows of them."""

    person: Person
    quarter: int
    group: int  # the size of the group of identical persons it belongs to

    @property
    def values(self) -> dict:
        return self.person.signals[0]


def new_person(rng: random.Random, quarter: int, **fixed) -> Person:
    return Person(next(_next_key), [signal(rng, quarter, **fixed)])


def signal(rng: random.Random, quarter: int, **fixed) -> dict:
    values = {"quarter": quarter}
    for name in FIELDS:
        choices = catalogue.CHOICES[name].values
        values[name] = rng.choices(choices, WEIGHTS[name])[0]
    values["province"] = rng.choices(range(len(PROVINCE_WEIGHTS)), PROVINCE_WEIGHTS)[0]
    values.update(fixed)
    return values


def background(
    rng: random.Random, persons: int, quarters: list[int], **fixed
) -> list[Person]:
    """``persons`` persons over ``quarters``: most in one quarter, some in two or
    three; a fifth of the person-quarters with a second, different signal (so a person
    can count in two rows of a table)."""
    result = []
    for _ in range(persons):
        person = Person(next(_next_key))
        spread = rng.choices((1, 2, 3), (60, 30, 10))[0]
        for quarter in rng.sample(quarters, min(spread, len(quarters))):
            first = signal(rng, quarter, **fixed)
            person.signals.append(first)
            if rng.random() < 0.2:
                keep = {k: first[k] for k in ("office", "province")}
                person.signals.append(signal(rng, quarter, **{**keep, **fixed}))
        result.append(person)
    return result


def planted_groups(rng: random.Random, quarters: list[int]) -> list[Planted]:
    """Groups of 1, 2 and 3 identical persons with the rare combinations, each group in
    its own quarter (``quarters``: three of them)."""
    result = []
    for size, (quarter, values) in enumerate(zip(quarters, RARE, strict=True), 1):
        for _ in range(size):
            result.append(Planted(new_person(rng, quarter, **values), quarter, size))
    return result


# --- storing --------------------------------------------------------------------------


def write(persons, organisation, provinces, region, seed=0, keys=None) -> None:
    """Store ``persons`` as standalone signals of ``organisation`` (``provinces``: the
    Province rows in code order), and give each a seeded record key (or the one in
    ``keys``: person key -> record key)."""
    today = timezone.localdate()
    Signal.objects.bulk_create(
        Signal(
            person_key=person.key,
            organisation=organisation,
            region=region,
            consent_given_on=today,
            **{**values, "province": provinces[values["province"]]},
        )
        for person in persons
        for values in person.signals
    )
    rng = random.Random(f"record-keys-{seed}")
    keys = keys or {}
    RecordKey.objects.bulk_create(
        [
            RecordKey(person_key=p.key, key=keys.get(p.key, rng.randrange(KEY_MODULUS)))
            for p in persons
        ],
        ignore_conflicts=True,
    )


def keys_with_cell_key(persons, cell_key: float, rng: random.Random) -> dict:
    """Record keys for ``persons`` whose sum gives the cell key ``cell_key``: the
    deviation of every cell holding exactly these persons is then known."""
    keys = [rng.randrange(KEY_MODULUS) for _ in persons[1:]]
    target = int(cell_key * KEY_MODULUS)
    keys.insert(0, (target - sum(keys)) % KEY_MODULUS)
    return {p.key: k for p, k in zip(persons, keys, strict=True)}


def revoke(person: Person) -> None:
    Signal.objects.filter(person_key=person.key).update(
        consent_revoked_at=timezone.now()
    )


# --- the truth ------------------------------------------------------------------------


def mask_of(values: dict) -> int:
    mask = 1 << catalogue.province_bit(values["province"])
    for name in FIELDS:
        mask |= 1 << catalogue.value_bit(name, values[name])
    return mask


def masks(persons, period: Period) -> list[int]:
    """Each counted person's mask over ``period`` (the OR of their signals in it)."""
    result = []
    for person in persons:
        mask = 0
        for values in person.signals:
            if values["quarter"] in period.quarters:
                mask |= mask_of(values)
        if mask:
            result.append(mask)
    return result


def counts(persons, period: Period, province_count: int) -> dict[str, int]:
    """Distinct persons per cell of ``period``."""
    period_masks = masks(persons, period)
    result = {"t": len(period_masks)}
    for table in catalogue.tables_for(period, ["?"] * province_count):
        for cell, _value in table.cells:
            if cell.startswith("b"):
                bit = int(cell[1:])
                result[cell] = sum(1 for m in period_masks if m >> bit & 1)
            elif cell.startswith("p"):
                a, b = (int(x) for x in cell[1:].split("_"))
                result[cell] = sum(1 for m in period_masks if m >> a & m >> b & 1)
    return result


def groups(period: Period, province_count: int) -> list[tuple[str, str, tuple]]:
    """The relations of a period as (id, margin cell, member cells): every table's
    cells against the total; for years each row and column of a two-dimension table
    against its one-dimension cell. Built from the catalogue, not from the code under
    test."""
    codes = ["?"] * province_count
    result = []
    for dimension in catalogue.DIMENSIONS:
        cells = tuple(c for c, _v in catalogue.dimension_cells(dimension, codes))
        result.append((dimension, "t", cells))
    if period.is_year:
        for first, second in catalogue.PAIRS:
            first_bits = [value_bit(first, v) for v in catalogue.CHOICES[first]]
            second_bits = [value_bit(second, v) for v in catalogue.CHOICES[second]]
            for a in first_bits:
                cells = tuple(f"p{a}_{b}" for b in second_bits)
                result.append((f"{first}:{a}", f"b{a}", cells))
            for b in second_bits:
                cells = tuple(f"p{a}_{b}" for a in first_bits)
                result.append((f"{second}:{b}", f"b{b}", cells))
    return result


def exactness(persons, period: Period, province_count: int) -> dict[str, bool]:
    """Per relation id: does no person of the margin count in two of its cells?"""
    period_masks = masks(persons, period)
    result = {}
    for rid, margin, cells in groups(period, province_count):
        margin_bit = None if margin == "t" else int(margin[1:])
        if cells[0].startswith("b"):
            bits = [int(c[1:]) for c in cells]
        else:  # the other bit of each pair cell
            bits = [
                next(int(x) for x in c[1:].split("_") if int(x) != margin_bit)
                for c in cells
            ]
        exact = True
        for m in period_masks:
            if margin_bit is not None and not m >> margin_bit & 1:
                continue
            if sum(m >> bit & 1 for bit in bits) > 1:
                exact = False
                break
        result[rid] = exact
    return result
