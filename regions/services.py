"""Loading the CBS reference data: provinces, gemeenten, and the initial regions.

Matched on CBS code, never on name; idempotent; all or nothing.
"""

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from regions.models import Gemeente, Province, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
EXPECTED_PROVINCES = 12
EXPECTED_GEMEENTEN = 342


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in ("provinces", "regions", "gemeenten")
        ]

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def _read(path: Path, columns: list[str]) -> list[dict[str, str]]:
    if not path.exists():
        raise ValidationError(f"{path.name}: file not found")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise ValidationError(
                f"{path.name}: expected columns {','.join(columns)}, "
                f"found {','.join(reader.fieldnames or [])}"
            )
        rows = []
        for line, row in enumerate(reader, start=2):
            if any(not (row.get(column) or "").strip() for column in columns):
                raise ValidationError(f"{path.name}, line {line}: empty value")
            rows.append({key: value.strip() for key, value in row.items()})
    return rows


def _unique(rows, key: str, name: str) -> None:
    counts = Counter(row[key] for row in rows)
    duplicates = sorted(code for code, count in counts.items() if count > 1)
    if duplicates:
        raise ValidationError(f"{name}: duplicate codes {', '.join(duplicates)}")


def read_reference_data(data_dir: Path = DATA_DIR) -> dict:
    """Read and validate the four files; raise ValidationError on any defect."""
    provinces = _read(data_dir / "provincies.csv", ["code", "name"])
    gemeenten = _read(
        data_dir / "gemeenten-2025.csv",
        ["code", "name", "province_code", "province_name"],
    )
    regions = _read(
        data_dir / "veiligheidsregios.csv", ["code", "name", "province_code"]
    )
    membership = _read(
        data_dir / "gemeenten-veiligheidsregio-2025.csv",
        ["gemeente_code", "veiligheidsregio_code"],
    )
    for rows, key, name in (
        (provinces, "code", "provincies.csv"),
        (gemeenten, "code", "gemeenten-2025.csv"),
        (regions, "code", "veiligheidsregios.csv"),
        (membership, "gemeente_code", "gemeenten-veiligheidsregio-2025.csv"),
    ):
        _unique(rows, key, name)
    for row in provinces:
        Province._meta.get_field("code").run_validators(row["code"])
    for row in gemeenten:
        Gemeente._meta.get_field("code").run_validators(row["code"])
    if len(provinces) != EXPECTED_PROVINCES:
        raise ValidationError(
            f"expected {EXPECTED_PROVINCES} provinces, found {len(provinces)}"
        )
    if len(gemeenten) != EXPECTED_GEMEENTEN:
        raise ValidationError(
            f"expected {EXPECTED_GEMEENTEN} gemeenten, found {len(gemeenten)}"
        )
    province_codes = {row["code"] for row in provinces}
    unknown = sorted({row["province_code"] for row in gemeenten} - province_codes)
    if unknown:
        raise ValidationError(
            f"gemeenten refer to unknown provinces: {', '.join(unknown)}"
        )
    region_codes = {row["code"] for row in regions}
    region_of = {
        row["gemeente_code"]: row["veiligheidsregio_code"] for row in membership
    }
    gemeente_codes = {row["code"] for row in gemeenten}
    if set(region_of) != gemeente_codes:
        missing = sorted(gemeente_codes ^ set(region_of))[:5]
        raise ValidationError(
            f"region membership does not match the gemeenten: {missing}"
        )
    unknown = sorted(set(region_of.values()) - region_codes)
    if unknown:
        raise ValidationError(f"unknown veiligheidsregio codes: {', '.join(unknown)}")
    return {
        "provinces": provinces,
        "gemeenten": gemeenten,
        "regions": regions,
        "region_of": region_of,
    }


@transaction.atomic
def load_reference_data(
    *, data_dir: Path = DATA_DIR, reset_regions: bool = False
) -> LoadReport:
    """Create or update provinces and gemeenten from the CBS files, and seed regions.

    A gemeente gets the region of its veiligheidsregio when it is created; later runs
    keep a region a functional admin chose, unless ``reset_regions`` is set. Regions
    that exist are not renamed (admins may have renamed them)."""
    data = read_reference_data(data_dir)
    report = LoadReport()

    provinces = {p.code: p for p in Province.objects.all()}
    for row in data["provinces"]:
        province = provinces.get(row["code"])
        if province is None:
            provinces[row["code"]] = Province.objects.create(
                code=row["code"], name=row["name"]
            )
            report.created["provinces"] += 1
        elif province.name != row["name"]:
            province.name = row["name"]
            province.save(update_fields=["name"])
            report.updated["provinces"] += 1
        else:
            report.unchanged["provinces"] += 1

    regions = {r.code: r for r in Region.objects.all()}
    for row in data["regions"]:
        if row["code"] in regions:
            report.unchanged["regions"] += 1
            continue
        name = row["name"]
        if Region.objects.filter(name=name).exists():
            name = f"{name} ({row['code']})"
        regions[row["code"]] = Region.objects.create(code=row["code"], name=name)
        report.created["regions"] += 1

    gemeenten = {g.code: g for g in Gemeente.objects.all()}
    for row in data["gemeenten"]:
        province = provinces[row["province_code"]]
        seeded_region = regions[data["region_of"][row["code"]]]
        gemeente = gemeenten.get(row["code"])
        if gemeente is None:
            Gemeente.objects.create(
                code=row["code"],
                name=row["name"],
                province=province,
                region=seeded_region,
            )
            report.created["gemeenten"] += 1
            continue
        changed = []
        if gemeente.name != row["name"]:
            gemeente.name = row["name"]
            changed.append("name")
        if gemeente.province_id != province.pk:
            gemeente.province = province
            changed.append("province")
        if reset_regions and gemeente.region_id != seeded_region.pk:
            gemeente.region = seeded_region
            changed.append("region")
        if changed:
            gemeente.save(update_fields=changed)
            report.updated["gemeenten"] += 1
        else:
            report.unchanged["gemeenten"] += 1
    return report
