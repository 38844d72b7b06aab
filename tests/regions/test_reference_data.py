"""The CBS reference data: 12 provinces, 342 gemeenten, 25 seed regions; matched on
code, idempotent, all or nothing."""

import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from regions.models import Gemeente, Province, Region
from regions.services import DATA_DIR, load_reference_data

pytestmark = pytest.mark.django_db

# The table in regions/data/SOURCES.md.
GEMEENTEN_PER_PROVINCE = {
    "PV20": 10,
    "PV21": 18,
    "PV22": 12,
    "PV23": 25,
    "PV24": 6,
    "PV25": 51,
    "PV26": 26,
    "PV27": 44,
    "PV28": 50,
    "PV29": 13,
    "PV30": 56,
    "PV31": 31,
}
GEMEENTEN_PER_VEILIGHEIDSREGIO = {
    "VR01": 10,
    "VR02": 18,
    "VR03": 12,
    "VR04": 11,
    "VR05": 14,
    "VR06": 22,
    "VR07": 15,
    "VR08": 14,
    "VR09": 26,
    "VR10": 16,
    "VR11": 7,
    "VR12": 9,
    "VR13": 6,
    "VR14": 6,
    "VR15": 9,
    "VR16": 18,
    "VR17": 13,
    "VR18": 10,
    "VR19": 13,
    "VR20": 24,
    "VR21": 11,
    "VR22": 21,
    "VR23": 15,
    "VR24": 16,
    "VR25": 6,
}


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of regions/data to break in a test."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_data_files_ship_with_the_app():
    assert DATA_DIR.parent.name == "regions"
    names = {path.name for path in DATA_DIR.iterdir()}
    assert {
        "gemeenten-2025.csv",
        "provincies.csv",
        "veiligheidsregios.csv",
        "gemeenten-veiligheidsregio-2025.csv",
        "SOURCES.md",
    } <= names
    assert "Bron: CBS" in (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")


def test_counts_after_loading(loaded):
    assert Province.objects.count() == 12
    assert Gemeente.objects.count() == 342
    assert Region.objects.count() == 25


def test_gemeenten_per_province_match_the_cbs_table(loaded):
    counts = dict(
        Province.objects.annotate(n=Count("gemeenten")).values_list("code", "n")
    )
    assert counts == GEMEENTEN_PER_PROVINCE


@pytest.mark.parametrize(
    ("code", "name", "count"),
    [("PV30", "Noord-Brabant", 56), ("PV28", "Zuid-Holland", 50)],
)
def test_named_provinces_have_their_gemeenten(loaded, code, name, count):
    province = Province.objects.get(code=code)
    assert (province.name, province.gemeenten.count()) == (name, count)


def test_gemeenten_are_seeded_into_their_veiligheidsregio(loaded):
    counts = dict(
        Region.objects.annotate(n=Count("gemeenten")).values_list("code", "n")
    )
    assert counts == GEMEENTEN_PER_VEILIGHEIDSREGIO


def test_every_gemeente_is_in_exactly_one_region(loaded):
    assert not Gemeente.objects.filter(region__isnull=True).exists()
    in_regions = Region.objects.aggregate(n=Count("gemeenten"))["n"]
    assert in_regions == Gemeente.objects.count() == 342


def test_every_seed_region_lies_in_one_province(loaded):
    spread = Region.objects.annotate(n=Count("gemeenten__province", distinct=True))
    assert set(spread.values_list("n", flat=True)) == {1}


def test_names_are_spelled_as_cbs_spells_them(loaded):
    names = dict(
        Gemeente.objects.filter(code__in=["GM0518", "GM0164", "GM1900"]).values_list(
            "code", "name"
        )
    )
    assert names == {
        "GM0518": "'s-Gravenhage",
        "GM0164": "Hengelo (O.)",
        "GM1900": "Súdwest-Fryslân",
    }


def test_second_run_reports_nothing_changed(loaded):
    report = load_reference_data()
    assert not report.changed
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert report.unchanged == {"provinces": 12, "regions": 25, "gemeenten": 342}


def test_second_run_via_the_command_reports_zero(loaded, capsys):
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "gemeenten: 0 created, 0 updated, 342 unchanged" in out
    assert "provinces: 0 created, 0 updated, 12 unchanged" in out


def test_first_run_via_the_command_reports_what_was_created(capsys):
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "regions: 25 created" in out
    assert "gemeenten: 342 created" in out


def test_a_renamed_gemeente_gets_its_cbs_name_back(loaded):
    Gemeente.objects.filter(code="GM0518").update(name="Den Haag")
    report = load_reference_data()
    assert Gemeente.objects.get(code="GM0518").name == "'s-Gravenhage"
    assert report.updated["gemeenten"] == 1


def test_a_gemeente_is_matched_on_code_not_on_name(loaded):
    # Swapping two names must not swap the rows: each code gets its own name back.
    Gemeente.objects.filter(code="GM0363").update(name="Rotterdam")
    Gemeente.objects.filter(code="GM0599").update(name="Amsterdam")
    load_reference_data()
    assert Gemeente.objects.get(code="GM0363").name == "Amsterdam"
    assert Gemeente.objects.get(code="GM0599").name == "Rotterdam"
    assert Gemeente.objects.count() == 342


def test_a_region_chosen_in_the_admin_is_kept(loaded):
    target = Region.objects.get(code="VR12")
    Gemeente.objects.filter(code="GM0363").update(region=target)
    report = load_reference_data()
    assert Gemeente.objects.get(code="GM0363").region == target
    assert not report.changed


def test_reset_regions_moves_a_gemeente_back(loaded):
    Gemeente.objects.filter(code="GM0363").update(
        region=Region.objects.get(code="VR12")
    )
    call_command("load_reference_data", "--reset-regions")
    assert Gemeente.objects.get(code="GM0363").region.code == "VR13"


def test_a_region_renamed_in_the_admin_keeps_its_name(loaded):
    Region.objects.filter(code="VR09").update(name="Regio Midden")
    load_reference_data()
    assert Region.objects.get(code="VR09").name == "Regio Midden"


def test_a_region_merged_away_in_the_admin_does_not_come_back(loaded):
    keep, merged = Region.objects.get(code="VR12"), Region.objects.get(code="VR13")
    Gemeente.objects.filter(region=merged).update(region=keep)
    merged.delete()
    load_reference_data()
    assert not Region.objects.filter(code="VR13").exists()
    assert Gemeente.objects.get(code="GM0363").region == keep


def test_a_region_name_taken_by_another_region_gets_the_code_added():
    Region.objects.create(code="EIGEN-1", name="Utrecht")
    load_reference_data()
    assert Region.objects.get(code="VR09").name == "Utrecht (VR09)"


def test_a_gemeente_missing_from_the_files_is_reported_and_kept(loaded):
    Gemeente.objects.create(
        code="GM9999",
        name="Opgeheven",
        province=Province.objects.get(code="PV20"),
        region=Region.objects.get(code="VR01"),
    )
    report = load_reference_data()
    assert Gemeente.objects.filter(code="GM9999").exists()
    assert report.not_in_files["gemeenten"] == ["GM9999"]


def _duplicate_code(data):
    _edit(data / "gemeenten-2025.csv", "GM0034,Almere", "GM0014,Almere")


def _unknown_province(data):
    _edit(data / "gemeenten-2025.csv", "GM0014,Groningen,PV20", "GM0014,Groningen,PV99")


def _extra_value(data):
    _edit(data / "gemeenten-2025.csv", "GM0034,Almere,PV24,Flevoland", "GM0034,A,B,C,D")


def _missing_value(data):
    _edit(data / "gemeenten-2025.csv", "GM0034,Almere,PV24,Flevoland", "GM0034,Almere")


def _empty_name(data):
    _edit(data / "provincies.csv", "PV24,Flevoland", "PV24,")


def _malformed_code(data):
    _edit(data / "gemeenten-2025.csv", "GM0034,", "GM34,")


def _wrong_header(data):
    _edit(data / "provincies.csv", "code,name", "code,naam")


def _missing_gemeente(data):
    path = data / "gemeenten-2025.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")


def _eleven_provinces(data):
    path = data / "provincies.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if "PV31" not in line), "utf-8")


def _unknown_veiligheidsregio(data):
    _edit(data / "gemeenten-veiligheidsregio-2025.csv", "GM0034,VR25", "GM0034,VR99")


def _missing_file(data):
    (data / "veiligheidsregios.csv").unlink()


def _not_utf8(data):
    path = data / "provincies.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))


@pytest.mark.parametrize(
    ("defect", "message"),
    [
        (_duplicate_code, "duplicate codes GM0014"),
        (_unknown_province, "unknown provinces PV99"),
        (_extra_value, "expected 4 values, found 5"),
        (_missing_value, "expected 4 values, found 2"),
        (_empty_name, "name is empty"),
        (_malformed_code, "malformed codes GM34"),
        (_wrong_header, "expected the header code,name"),
        (_missing_gemeente, "expected 342 gemeenten, found 341"),
        (_eleven_provinces, "expected 12 provinces, found 11"),
        (_unknown_veiligheidsregio, "unknown veiligheidsregio codes VR99"),
        (_missing_file, "veiligheidsregios.csv: file not found"),
        (_not_utf8, "not a valid UTF-8 CSV file"),
    ],
)
def test_a_defective_file_is_refused_and_nothing_is_written(data_copy, defect, message):
    defect(data_copy)
    with pytest.raises(ValidationError, match=message):
        load_reference_data(data_dir=data_copy)
    assert not Province.objects.exists()
    assert not Region.objects.exists()
    assert not Gemeente.objects.exists()


def test_a_defect_anywhere_keeps_valid_changes_from_being_written(loaded, data_copy):
    _edit(data_copy / "gemeenten-2025.csv", "GM0014,Groningen", "GM0014,Grunn")
    _duplicate_code(data_copy)
    with pytest.raises(ValidationError):
        load_reference_data(data_dir=data_copy)
    assert Gemeente.objects.get(code="GM0014").name == "Groningen"


def test_the_command_refuses_a_defective_file_with_a_clear_error(data_copy):
    _unknown_province(data_copy)
    with pytest.raises(CommandError, match="nothing changed.*unknown provinces PV99"):
        call_command("load_reference_data", "--data-dir", str(data_copy))
    assert not Gemeente.objects.exists()
