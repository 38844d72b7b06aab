"""The maps in a browser, at phone (390×844) and desktop (1280×800) width: the coverage
map by veiligheidsregio (the coordinator) and the statistics dashboard (staff).

At both widths: no horizontal scrolling, axe-core without violations, a screenshot in
test-artifacts/screens/. The coverage map marks every region without an available
ambassador by pattern and text; the dashboard's legend has no class below the
threshold, and its charts stand in two columns on the desktop, one on the phone.
"""

import re

from django.urls import reverse

from tests.browser.checks import SCREENS_DIR, assert_accessible, assert_layout_holds
from tests.browser.person import DEMO_PASSWORD, Person
from tests.browser.playwright_thread import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
THRESHOLD = 10


def _at_both_widths(page, name, check):
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_layout_holds(page)  # no horizontal scrolling, no overlapping controls
        assert_accessible(page, f"{name} at {viewport['width']} px")
        check(viewport)
        page.screenshot(
            path=SCREENS_DIR / f"{name}-{viewport['width']}.png", full_page=True
        )


def test_coordinator_sees_which_veiligheidsregios_lack_an_ambassador(page, demo):
    Person(page, keyboard=False).log_in("staf.visser", DEMO_PASSWORD)
    page.goto(reverse("ambassadors:coverage"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    svg = page.locator("svg.kb-map__svg")
    expect(svg.locator("path[data-veiligheidsregio]")).to_have_count(25)
    none = svg.locator("path[data-state='none']")
    assert none.count() > 0, "the demo has regions without an ambassador"
    # Not by colour alone: a pattern fill, a "0" on the map, and words in the table.
    fill = none.first.evaluate("el => getComputedStyle(el).fill")
    assert "url(" in fill, fill
    texts = svg.locator("text.kb-cov__text--none")
    assert texts.count() == none.count()
    assert set(texts.all_text_contents()) == {"0"}
    for code in none.evaluate_all("els => els.map(e => e.dataset.veiligheidsregio)"):
        row = page.locator(f"tr[data-veiligheidsregio='{code}']")
        expect(row).to_contain_text("Geen beschikbare ambassadeur")
    covered = svg.locator("path[data-state='covered']")
    assert covered.count() > 0, "the demo ambassadors cover some regions"
    legend = page.locator(".kb-map--coverage .kb-map__legend")
    expect(legend).to_contain_text("gearceerd")

    def check(viewport):
        box = svg.bounding_box()
        assert box["width"] <= viewport["width"]
        table = page.locator("#veiligheidsregio-caption").locator("xpath=../..")
        table_box = table.bounding_box()
        if viewport["width"] >= 1024:  # the table beside the map
            assert table_box["x"] > box["x"] + box["width"] - 1
        else:  # under it
            assert table_box["y"] > box["y"] + box["height"] - 1

    _at_both_widths(page, "coverage", check)


def test_staff_dashboard_legend_and_layout(page, demo):
    Person(page, keyboard=False).log_in("staf.visser", DEMO_PASSWORD)
    page.goto(reverse("signals:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    labels = page.locator(".kb-map__legend li").all_text_contents()
    assert labels, "the map has a legend"
    for label in labels:
        label = label.strip()
        if label.startswith("<"):
            assert label.endswith("niet getoond"), label
            continue
        numbers = [int(n.replace(".", "")) for n in re.findall(r"[\d.]+", label)]
        assert numbers, label
        assert min(numbers) >= THRESHOLD, f"legend class below the threshold: {label}"
        assert "vanaf" not in label
    assert len(set(labels)) == len(labels), f"repeated legend classes: {labels}"
    expect(page.locator(".kb-summary__item").first).to_be_visible()
    expect(page.locator(".kb-note")).to_have_count(1)

    def check(viewport):
        charts = page.locator(".kb-dashboard > .kb-chart:not(.kb-chart--wide)")
        first, second = charts.nth(0).bounding_box(), charts.nth(1).bounding_box()
        if viewport["width"] >= 1024:  # two columns
            assert abs(first["y"] - second["y"]) < 2
            assert second["x"] > first["x"] + first["width"] - 1
        else:  # one column
            assert second["y"] >= first["y"] + first["height"] - 1
            assert abs(first["x"] - second["x"]) < 2

    _at_both_widths(page, "dashboard", check)
