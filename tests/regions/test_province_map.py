"""The province map: 12 vendored outlines keyed on CBS code, drawn without tiles."""

import re

from django.template import Context, Template

from regions.maps import outlines, province_areas

CBS_CODES = {f"PV{n}" for n in range(20, 32)}


def render(values, **extra):
    template = Template(
        "{% load regions_maps %}{% province_map values title description link_to %}"
    )
    context = {"values": values, "title": "Meldingen per provincie", "description": ""}
    context.update({"link_to": None, **extra})
    return template.render(Context(context))


def test_outlines_cover_exactly_the_twelve_cbs_provinces():
    assert {p["code"] for p in outlines()["provinces"]} == CBS_CODES


def test_largest_value_gets_the_darkest_shade_and_smallest_the_lightest():
    areas = {a.code: a for a in province_areas({"PV27": 40, "PV20": 10, "PV26": 20})}
    assert areas["PV27"].shade == "4"
    assert areas["PV20"].shade == "0"
    assert areas["PV26"].shade == "2"


def test_province_without_data_is_marked_as_such():
    areas = {a.code: a for a in province_areas({"PV27": 40})}
    assert areas["PV31"].shade == "none"
    assert areas["PV31"].label == "–"


def test_suppressed_cell_keeps_its_display_text_and_own_shade():
    areas = {a.code: a for a in province_areas({"PV27": "<10", "PV20": 15})}
    assert areas["PV27"].shade == "suppressed"
    assert areas["PV27"].label == "<10"


def test_rendered_map_names_every_province_with_its_figure():
    html = render({"PV27": 1250, "PV22": "<10"})
    assert len(re.findall(r"<path ", html)) == 12
    assert "Noord-Holland: 1.250" in html
    assert "Drenthe: &lt;10" in html
    assert 'role="img"' in html


def test_rendered_map_has_no_inline_styles_or_external_references():
    html = render({"PV27": 3})
    assert "style=" not in html
    assert "http" not in html.split("<figcaption")[0]


def test_rendered_map_carries_its_attribution():
    assert "CC BY 4.0" in render({"PV27": 3})


def test_provinces_become_links_when_urls_are_given():
    html = render({"PV27": 3}, link_to={"PV27": "/netwerk/dekking/?provincie=PV27"})
    assert '<a href="/netwerk/dekking/?provincie=PV27"' in html


def test_a_map_of_links_is_a_group_a_map_without_an_image():
    """Links inside ``role="img"`` are nested-interactive (axe): an image's children
    are presentational, so a screen reader would never reach them."""
    linked = render({"PV27": 3}, link_to={"PV27": "/netwerk/dekking/?provincie=PV27"})
    assert re.search(r'<svg class="kb-map__svg"[^>]* role="group"', linked)
    assert 'role="img" aria-labelledby' not in linked
    plain = render({"PV27": 3})
    assert re.search(r'<svg class="kb-map__svg"[^>]* role="img"', plain)
