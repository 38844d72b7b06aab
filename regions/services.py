"""Loading the CBS reference data: provinces, gemeenten, and the initial regions.

Invariants:
- provinces and gemeenten are matched on their CBS code, never on name;
- the four files are read and validated completely before anything is written, and the
  load runs in one transaction: a defect anywhere changes nothing;
- a second run over the same files changes nothing;
- the association's regions are seeded from the veiligheidsregio's, but a region that
  exists is never renamed, and a gemeente a functional admin moved to another region
  stays there unless ``reset_regions`` is set;
- nothing is deleted: a gemeente that disappears from the files (a future merger) is
  reported and left alone, because office holders and cases refer to it.

The files live in ``regions/data/`` (provenance and CC BY 4.0 attribution in
``regions/data/SOURCES.md``); the application never reads them from anywhere else.
"""

import csv
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction

from regions.models import Gemeente, Province, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCES_FILE = "provincies.csv"
GEMEENTEN_FILE = "gemeenten-2025.csv"
VEILIGHEIDSREGIOS_FILE = "veiligheidsregios.csv"
MEMBERSHIP_FILE = "gemeenten-veiligheidsregio-2025.csv"

EXPECTED_PROVINCES = 12
EXPECTED_GEMEENTEN = 342

PROVINCE_CODE = re.compile(r"^PV\d{2}$")
GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
VEILIGHEIDSREGIO_CODE = re.compile(r"^VR\d{2}$")
NAME_MAX_LENGTH = 100  # Province.name, Gemeente.name and Region.name


class ProvinceRow(NamedTuple):
    code: str
    name: str


class GemeenteRow(NamedTuple):
    code: str
    name: str
    province_code: str
    province_name: str


class VeiligheidsregioRow(NamedTuple):
    code: str
    name: str
    province_code: str


@dataclass(frozen=True)
class ReferenceData:
    provinces: list[ProvinceRow]
    gemeenten: list[GemeenteRow]
    veiligheidsregios: list[VeiligheidsregioRow]
    veiligheidsregio_of: dict[str, str]  # gemeente code -> veiligheidsregio code


KINDS = ("provinces", "regions", "gemeenten")


@dataclass
class LoadReport:
    """What a load did, per kind. ``not_in_files`` lists codes in the database that the
    files no longer contain (left alone)."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    not_in_files: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def lines(self) -> list[str]:
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in KINDS
        ]


# --- reading and validating ----------------------------------------------------------


def _read(path: Path, columns: tuple[str, ...]) -> list[list[str]]:
    """The rows of one CSV file, each with exactly ``columns`` non-empty values."""
    if not path.is_file():
        raise ValidationError(f"{path.name}: file not found in {path.parent}")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None or tuple(header) != columns:
                raise ValidationError(
                    f"{path.name}: expected the header {','.join(columns)}, "
                    f"found {','.join(header or []) or 'nothing'}"
                )
            rows = []
            for row in reader:
                line = reader.line_num
                if not row:
                    raise ValidationError(f"{path.name}, line {line}: empty line")
                if len(row) != len(columns):
                    raise ValidationError(
                        f"{path.name}, line {line}: expected {len(columns)} values, "
                        f"found {len(row)}"
                    )
                values = [unicodedata.normalize("NFC", value.strip()) for value in row]
                for column, value in zip(columns, values, strict=True):
                    if not value:
                        raise ValidationError(
                            f"{path.name}, line {line}: {column} is empty"
                        )
                rows.append(values)
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValidationError(
            f"{path.name}: not a valid UTF-8 CSV file ({error})"
        ) from error
    return rows


def _check_codes(name: str, codes: list[str], pattern: re.Pattern) -> None:
    malformed = [code for code in codes if not pattern.match(code)]
    if malformed:
        raise ValidationError(f"{name}: malformed codes {', '.join(malformed[:5])}")
    duplicates = sorted(code for code, n in Counter(codes).items() if n > 1)
    if duplicates:
        raise ValidationError(f"{name}: duplicate codes {', '.join(duplicates[:5])}")


def _check_names(name: str, names: list[str]) -> None:
    too_long = [value for value in names if len(value) > NAME_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            f"{name}: names longer than {NAME_MAX_LENGTH} characters: {too_long[0]}"
        )


def read_reference_data(data_dir: Path = DATA_DIR) -> ReferenceData:
    """Read and validate the four files. Raises ``ValidationError`` naming the first
    defect: a malformed row or code, a duplicate code, a reference to an unknown
    province or veiligheidsregio, or a count other than 12 provinces / 342 gemeenten.
    Writes nothing."""
    data_dir = Path(data_dir)
    provinces = [
        ProvinceRow(*row)
        for row in _read(data_dir / PROVINCES_FILE, ProvinceRow._fields)
    ]
    gemeenten = [
        GemeenteRow(*row)
        for row in _read(data_dir / GEMEENTEN_FILE, GemeenteRow._fields)
    ]
    veiligheidsregios = [
        VeiligheidsregioRow(*row)
        for row in _read(data_dir / VEILIGHEIDSREGIOS_FILE, VeiligheidsregioRow._fields)
    ]
    membership = _read(
        data_dir / MEMBERSHIP_FILE, ("gemeente_code", "veiligheidsregio_code")
    )

    _check_codes(PROVINCES_FILE, [p.code for p in provinces], PROVINCE_CODE)
    _check_codes(GEMEENTEN_FILE, [g.code for g in gemeenten], GEMEENTE_CODE)
    _check_codes(
        VEILIGHEIDSREGIOS_FILE,
        [v.code for v in veiligheidsregios],
        VEILIGHEIDSREGIO_CODE,
    )
    _check_codes(MEMBERSHIP_FILE, [gm for gm, _vr in membership], GEMEENTE_CODE)
    _check_names(PROVINCES_FILE, [p.name for p in provinces])
    _check_names(GEMEENTEN_FILE, [g.name for g in gemeenten])
    _check_names(VEILIGHEIDSREGIOS_FILE, [v.name for v in veiligheidsregios])

    if len(provinces) != EXPECTED_PROVINCES:
        raise ValidationError(
            f"{PROVINCES_FILE}: expected {EXPECTED_PROVINCES} provinces, "
            f"found {len(provinces)}"
        )
    if len(gemeenten) != EXPECTED_GEMEENTEN:
        raise ValidationError(
            f"{GEMEENTEN_FILE}: expected {EXPECTED_GEMEENTEN} gemeenten, "
            f"found {len(gemeenten)}"
        )

    province_names = {p.code: p.name for p in provinces}
    unknown = sorted({g.province_code for g in gemeenten} - set(province_names))
    if unknown:
        raise ValidationError(
            f"{GEMEENTEN_FILE}: gemeenten refer to unknown provinces "
            f"{', '.join(unknown[:5])}"
        )
    for gemeente in gemeenten:
        if gemeente.province_name != province_names[gemeente.province_code]:
            raise ValidationError(
                f"{GEMEENTEN_FILE}: {gemeente.code} names province "
                f"{gemeente.province_code} “{gemeente.province_name}”, "
                f"{PROVINCES_FILE} names it “{province_names[gemeente.province_code]}”"
            )
    for veiligheidsregio in veiligheidsregios:
        if veiligheidsregio.province_code not in province_names:
            raise ValidationError(
                f"{VEILIGHEIDSREGIOS_FILE}: {veiligheidsregio.code} refers to the "
                f"unknown province {veiligheidsregio.province_code}"
            )

    veiligheidsregio_of = dict(membership)
    gemeente_codes = {g.code for g in gemeenten}
    if set(veiligheidsregio_of) != gemeente_codes:
        difference = sorted(gemeente_codes ^ set(veiligheidsregio_of))
        raise ValidationError(
            f"{MEMBERSHIP_FILE}: the gemeenten differ from {GEMEENTEN_FILE}: "
            f"{', '.join(difference[:5])}"
        )
    unknown = sorted(
        set(veiligheidsregio_of.values()) - {v.code for v in veiligheidsregios}
    )
    if unknown:
        raise ValidationError(
            f"{MEMBERSHIP_FILE}: unknown veiligheidsregio codes "
            f"{', '.join(unknown[:5])}"
        )
    return ReferenceData(
        provinces=provinces,
        gemeenten=gemeenten,
        veiligheidsregios=veiligheidsregios,
        veiligheidsregio_of=veiligheidsregio_of,
    )


@functools.cache
def shipped_reference_data() -> ReferenceData:
    """``read_reference_data()`` of the files the app ships with (``regions/data/``),
    read and checked once per process: they change only with a release. Raises
    ``ValidationError`` as it does (an error is not kept: the next call reads
    again)."""
    return read_reference_data()


# --- loading -------------------------------------------------------------------------


@transaction.atomic
def load_reference_data(
    *, data_dir: Path = DATA_DIR, reset_regions: bool = False
) -> LoadReport:
    """Create or update the provinces and gemeenten from the CBS files, and seed the
    regions the gemeenten need.

    A gemeente is put in the region of its veiligheidsregio when it is created; on
    later runs its region is left as it is (a functional admin may have moved it),
    unless ``reset_regions`` is set. A seed region (code ``VR01``…) is created only when
    a gemeente is about to be put in it, so a region an admin deleted after merging
    does not come back on a routine run. Existing regions are never renamed.

    Validates everything first (see ``read_reference_data``); one transaction."""
    data = read_reference_data(data_dir)
    report = LoadReport()
    provinces = _load_provinces(data, report)
    existing_gemeenten = {g.code: g for g in Gemeente.objects.select_for_update()}
    regions = _seed_regions(data, existing_gemeenten, reset_regions, report)
    _load_gemeenten(data, existing_gemeenten, provinces, regions, reset_regions, report)
    return report


def _load_provinces(data: ReferenceData, report: LoadReport) -> dict[str, Province]:
    provinces = {p.code: p for p in Province.objects.select_for_update()}
    for row in data.provinces:
        province = provinces.get(row.code)
        if province is None:
            provinces[row.code] = Province.objects.create(code=row.code, name=row.name)
            report.created["provinces"] += 1
        elif province.name != row.name:
            province.name = row.name
            province.save(update_fields=["name"])
            report.updated["provinces"] += 1
        else:
            report.unchanged["provinces"] += 1
    in_files = {row.code for row in data.provinces}
    report.not_in_files["provinces"] = sorted(set(provinces) - in_files)
    return provinces


def _seed_regions(
    data: ReferenceData,
    existing_gemeenten: dict[str, Gemeente],
    reset_regions: bool,
    report: LoadReport,
) -> dict[str, Region]:
    """The seed regions by veiligheidsregio code, creating those a gemeente is about
    to be put in (in the file's order, so a fresh database gets VR01…VR25 in order)."""
    regions = {r.code: r for r in Region.objects.select_for_update()}
    needed = {
        data.veiligheidsregio_of[row.code]
        for row in data.gemeenten
        if reset_regions or row.code not in existing_gemeenten
    }
    names_taken = set(Region.objects.values_list("name", flat=True))
    for row in data.veiligheidsregios:
        if row.code in regions:
            report.unchanged["regions"] += 1
            continue
        if row.code not in needed:
            continue
        # Region.name is unique; an admin may already use the name for another region.
        name = row.name if row.name not in names_taken else f"{row.name} ({row.code})"
        regions[row.code] = Region.objects.create(code=row.code, name=name)
        names_taken.add(name)
        report.created["regions"] += 1
    return regions


def _load_gemeenten(
    data: ReferenceData,
    existing: dict[str, Gemeente],
    provinces: dict[str, Province],
    regions: dict[str, Region],
    reset_regions: bool,
    report: LoadReport,
) -> None:
    new = []
    for row in data.gemeenten:
        province = provinces[row.province_code]
        gemeente = existing.get(row.code)
        if gemeente is None:
            new.append(
                Gemeente(
                    code=row.code,
                    name=row.name,
                    province=province,
                    region=regions[data.veiligheidsregio_of[row.code]],
                )
            )
            continue
        changed = []
        if gemeente.name != row.name:
            gemeente.name = row.name
            changed.append("name")
        if gemeente.province_id != province.pk:
            gemeente.province = province
            changed.append("province")
        if reset_regions:
            seed_region = regions[data.veiligheidsregio_of[row.code]]
            if gemeente.region_id != seed_region.pk:
                gemeente.region = seed_region
                changed.append("region")
        if changed:
            gemeente.save(update_fields=changed)
            report.updated["gemeenten"] += 1
        else:
            report.unchanged["gemeenten"] += 1
    Gemeente.objects.bulk_create(new)
    report.created["gemeenten"] += len(new)
    in_files = {row.code for row in data.gemeenten}
    report.not_in_files["gemeenten"] = sorted(set(existing) - in_files)
