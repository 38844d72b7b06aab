"""The coverage map by veiligheidsregio: 25 vendored outlines (CBS/Kadaster 2025),
coloured by the association's region their gemeenten belong to, with the regions
without an available ambassador marked by pattern and text, not by colour alone."""

import csv
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from regions import maps
from regions.models import Gemeente, Region
from tests.factories import AmbassadorFactory

DATA = Path(maps.__file__).resolve().parent / "data"


def _names():
    with (DATA / "veiligheidsregios.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


# --- the vendored outlines -----------------------------------------------------------


def test_outlines_are_the_25_veiligheidsregios_with_cbs_codes_and_names():
    outlines = maps.veiligheidsregio_outlines()
    assert {r["code"]: r["name"] for r in outlines["regions"]} == _names()
    assert [r["code"] for r in outlines["regions"]] == [
        f"VR{n:02d}" for n in range(1, 26)
    ]


def test_every_outline_is_closed_path_data_inside_the_view_box():
    outlines = maps.veiligheidsregio_outlines()
    _x, _y, width, height = (float(n) for n in outlines["viewBox"].split())
    for region in outlines["regions"]:
        path = region["path"]
        assert re.fullmatch(r"(M[-\d., L]+Z ?)+", path), region["code"]
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", path)]
        xs, ys = numbers[::2], numbers[1::2]
        assert min(xs) >= 0
        assert max(xs) <= width + 0.1
        assert min(ys) >= 0
        assert max(ys) <= height + 0.1
        label_x, label_y = region["label"]
        assert min(xs) <= label_x <= max(xs)
        assert min(ys) <= label_y <= max(ys)


def test_outlines_carry_their_source_and_licence():
    outlines = maps.veiligheidsregio_outlines()
    assert "CBS" in outlines["source"]
    assert outlines["licence"] == "CC BY 4.0"
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "veiligheidsregio-2025-paths.json" in sources
    assert "CC BY 4.0" in str(maps.COVERAGE_ATTRIBUTION)


def test_the_map_module_reads_nothing_outside_regions_data():
    source = Path(maps.__file__).read_text(encoding="utf-8")
    assert "shared" not in source
    assert not re.search(r"https?://|urlopen|import requests|\.\./", source)


# --- colouring by the association's regions ------------------------------------------


@pytest.fixture
def seeded(loaded):
    """The reference data with the seed regions: one region per veiligheidsregio."""
    return {r.code: r for r in Region.objects.all()}


def _map(available_by_code, seeded):
    available = {seeded[code].pk: n for code, n in available_by_code.items()}
    return maps.coverage_map_for(available)


def _areas(result):
    return {a.code: a for a in result.areas}


def test_regions_that_are_veiligheidsregios_show_their_available_ambassadors(seeded):
    areas = _areas(_map({"VR15": 2, "VR09": 1}, seeded))
    assert len(areas) == 25
    assert areas["VR15"].state == "covered"
    assert areas["VR15"].count == 2
    assert areas["VR15"].text == "2"
    assert areas["VR09"].count == 1
    assert areas["VR15"].shade != areas["VR09"].shade


def test_a_region_without_an_available_ambassador_is_marked_by_pattern_and_text(
    seeded,
):
    # Zuid-Holland: Haaglanden covered, its neighbours not. A province map would have
    # shown the whole province as covered.
    with translation.override("en"):
        areas = _areas(_map({"VR15": 3}, seeded))
        for code in ("VR16", "VR17", "VR18"):
            assert areas[code].state == "none"
            assert areas[code].shade == "none"
            assert areas[code].count == 0
            assert areas[code].text == "0"
            assert "no available ambassador" in areas[code].title
    assert areas["VR15"].state == "covered"


def test_a_region_made_of_two_veiligheidsregios_colours_both(seeded):
    haaglanden, midden = seeded["VR15"], seeded["VR16"]
    Gemeente.objects.filter(region=haaglanden).update(region=midden)
    areas = _areas(_map({"VR16": 4}, seeded))
    for code in ("VR15", "VR16"):
        assert areas[code].state == "covered"
        assert areas[code].count == 4
        assert areas[code].regions == [midden.name]
    # The table names the region where it is not the veiligheidsregio's namesake.
    assert areas["VR15"].region_label == midden.name
    assert areas["VR16"].region_label == ""


def test_a_renamed_region_is_shown_under_its_new_name(seeded):
    Region.objects.filter(pk=seeded["VR24"].pk).update(name="Zuid-Limburg")
    with translation.override("en"):
        areas = _areas(_map({}, seeded))
    assert areas["VR24"].regions == ["Zuid-Limburg"]
    assert "Zuid-Limburg" in areas["VR24"].title


def test_a_veiligheidsregio_split_between_regions_says_so(seeded):
    rotterdam, zhz = seeded["VR17"], seeded["VR18"]
    moved = Gemeente.objects.filter(region=rotterdam).order_by("code").first()
    moved.region = zhz
    moved.save()
    with translation.override("nl"):
        result = _map({"VR17": 1, "VR18": 2}, seeded)
        notes = [str(n) for n in result.notes]
    areas = _areas(result)
    assert areas["VR17"].state == "split"
    assert areas["VR17"].shade == "split"
    assert areas["VR17"].count is None
    assert areas["VR18"].state == "covered"  # all its gemeenten in one region
    assert sorted(areas["VR17"].regions) == sorted([rotterdam.name, zhz.name])
    assert (
        f"Regio {zhz.name} volgt geen veiligheidsregiogrenzen; zie de tabel." in notes
    )
    assert (
        f"Regio {rotterdam.name} volgt geen veiligheidsregiogrenzen; zie de tabel."
        in notes
    )


def test_a_split_veiligheidsregio_whose_regions_all_lack_ambassadors_is_marked(seeded):
    rotterdam, zhz = seeded["VR17"], seeded["VR18"]
    moved = Gemeente.objects.filter(region=rotterdam).order_by("code").first()
    moved.region = zhz
    moved.save()
    area = _areas(_map({}, seeded))["VR17"]
    assert area.state == "none"
    assert area.count == 0


def test_veiligheidsregio_without_known_gemeenten_is_unknown(db):
    areas = _areas(maps.coverage_map_for({}))
    assert {a.state for a in areas.values()} == {"unknown"}


def test_coverage_legend_has_distinct_classes_and_never_a_zero_class(seeded):
    result = _map({"VR01": 1, "VR02": 1, "VR03": 2, "VR04": 5, "VR05": 9}, seeded)
    lowers = [c.lower for c in result.classes]
    assert lowers == sorted(set(lowers))
    assert lowers[0] == 1
    assert len({c.label for c in result.classes}) == len(result.classes)
    for area in result.areas:
        if area.state == "covered":
            assert area.shade in {c.shade for c in result.classes}


# --- the class computation shared by both maps ---------------------------------------


@pytest.mark.parametrize(
    ("numbers", "floor", "expected"),
    [
        ([], 1, []),
        ([3, 3, 3], 1, [(3, 3)]),
        ([1, 2], 1, [(1, 1), (2, 2)]),
        ([0, 1, 4], 1, [(1, 3), (4, 4)]),
        (
            [10, 25, 40, 55, 70, 100],
            10,
            [(10, 19), (20, 39), (40, 59), (60, 79), (80, 100)],
        ),
    ],
)
def test_class_bounds(numbers, floor, expected):
    assert maps.class_bounds(numbers, floor=floor) == expected


# --- the page ------------------------------------------------------------------------


def test_coverage_page_draws_the_veiligheidsregios_with_a_table(
    client, coordinator, seeded, organisation, django_assert_max_num_queries
):
    AmbassadorFactory(organisation=organisation, regions=[seeded["VR15"]])
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ambassadors:coverage"))
    html = response.content.decode()
    svg = html.split('class="kb-map__svg')[1].split("</svg>")[0]
    assert len(re.findall(r"<path ", svg)) == 25
    assert svg.count("kb-cov--none") == 24  # every region but Haaglanden
    assert 'data-veiligheidsregio="VR15"' in svg
    assert "data-province" not in html  # the province map is gone from this page
    table = html.split('id="veiligheidsregio-caption"')[1].split("</table>")[0]
    assert table.count("Geen beschikbare ambassadeur") == 24
    assert "Haaglanden" in table
    assert "CBS/Kadaster" in html
    assert "style=" not in html
