"""Every list page, as the role that uses it, on a phone (390 x 844) and a laptop
(1280 x 800), on the demo data with long names (issue 16, "Every screen at home on a
phone and a laptop").

At both widths: nothing scrolls sideways (not the page, and not a list inside its own
scroll box: a cut-off column is as bad as a wide page), no two cells of a row or card
overlap, axe finds nothing. On the phone: every row is a card that shows what matters
for the role (each key column, with its name), the header and menu take one line, and
the filter panel is closed (with the number of filters set in its summary). Screens:
test-artifacts/screens/lists-<page>-<width>.png.
"""

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from cases import constants as c
from cases.models import Case, Handoff
from core.constants import Role
from tests.browser.checks import SCREENS_DIR, assert_accessible
from tests.browser.person import DEMO_PASSWORD, log_in
from tests.browser.playwright_thread import expect

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
HEADER_MAX_PX = 80  # one line: the logo and the menu button

LONG_GEMEENTE = "Súdwest-Fryslân"
LONG_HOLDER = "Wilhelmina Theodora Schimmelpenninck van der Oye-Tjarda van Starkenborgh"
LONG_ADVISOR = ("Anne-Marijke Cornelia", "van Oldenbarnevelt-Hoogstraten")


def _nl(*msgids):
    with translation.override("nl"):
        return [str(translation.gettext(m)) for m in msgids]


# (name, path or a function of the data, username key, key columns on the phone)
QUEUE_KEYS = ("Reported", "Office holder", "Region", "Urgency", "Status", "Owner")
AMBASSADOR_KEYS = ("Handed over", "Office holder", "Urgency", "State")


@pytest.fixture
def data(demo):
    """The demo data, with long names where a list shows them, and a privacy officer."""
    from demo.seeders.accounts import seed_organisations, seed_user
    from regions.models import Gemeente

    advisor = User.objects.get(username="vp.jansen")
    advisor.first_name, advisor.last_name = LONG_ADVISOR
    advisor.save(update_fields=["first_name", "last_name"])
    fryslan = Gemeente.objects.get(name=LONG_GEMEENTE)
    # The newest open cases of the advisor (the queue's first page, newest first) and
    # of an ambassador get the long names.
    visible = Case.objects.visible_to(advisor).filter(status__in=c.OPEN_STATUSES)
    accepted = Handoff.objects.filter(status=c.HandoffStatus.ACCEPTED).first()
    for case in [*visible.order_by("-reported_at")[:3], accepted.case]:
        holder = case.office_holder
        holder.name = LONG_HOLDER
        holder.gemeente = fryslan
        holder.save()
        case.owner = advisor
        case.save(update_fields=["owner"])
    association, _party = seed_organisations()
    seed_user("fg.dijkstra", "Femke", "Dijkstra", Role.PRIVACY_OFFICER, association)
    return {
        "advisor": advisor,
        "case": visible.order_by("-reported_at").first(),
        "ambassador": accepted.ambassador.user.username,
    }


def _pages(data):
    case = data["case"]
    ambassador = data["ambassador"]
    return [
        # name, path, user, key columns (data-label) a phone card must show
        ("queue", "/meldingen/", "vp.jansen", QUEUE_KEYS),
        ("queue-closed", "/meldingen/?view=closed", "vp.jansen", QUEUE_KEYS),
        ("inbox", "/berichten/", "vp.jansen", ()),
        ("partners", "/netwerkpartners/", "vp.jansen", ("Kind", "Availability")),
        ("case-audit", f"/meldingen/{case.pk}/logboek/", "vp.jansen", ("When",)),
        ("signals", "/signalen/mijn-signalen/", "vp.jansen", ("Category",)),
        ("ambassador-cases", "/ambassadeur/", ambassador, AMBASSADOR_KEYS),
        ("ambassador-closed", "/ambassadeur/gesloten/", ambassador, ()),
        ("hours", "/netwerk/uren/", ambassador, ("Hours", "Activity")),
        ("meetings-ambassador", "/netwerk/bijeenkomsten/", ambassador, ("Date",)),
        ("network", "/netwerk/", "staf.visser", ("Regions", "Open cases")),
        ("vacancies", "/netwerk/vacatures/", "staf.visser", ("Region",)),
        ("meetings", "/netwerk/bijeenkomsten/", "staf.visser", ("Type", "Date")),
        ("outreach-dashboard", "/ot-on-tour/", "staf.visser", ("Approached",)),
        (
            "outreach-gemeenten",
            "/ot-on-tour/gemeenten/",
            "staf.visser",
            ("Province", "Furthest step"),
        ),
        ("outreach-provinces", "/ot-on-tour/provincies/", "staf.visser", ()),
        ("signal-reports", "/signalen/rapporten/", "staf.visser", ()),
        ("signal-releases", "/signalen/publicaties/", "staf.visser", ("Status",)),
        ("signal-feedback", "/signalen/terugkoppeling/", "staf.visser", ()),
        ("return-days", "/signalen/terugkomdagen/", "staf.visser", ()),
        ("applications", "/netwerk/sollicitaties/", "selectie.dekker", ("Status",)),
        ("approvals", "/account/goedkeuringen/", "beheer.smit", ()),
        ("admin-home", "/", "beheer.smit", ()),
        ("release-digests", "/signalen/publicaties/controle/", "beheer.smit", ()),
        ("access-log", "/account/toegangslog/", "fg.dijkstra", ("When", "Who")),
    ]


def _no_sideways_scroll(page, where):
    widths = page.evaluate(
        """() => {
            const doc = document.scrollingElement;
            return {
                page: [doc.scrollWidth, doc.clientWidth],
                lists: [...document.querySelectorAll(".kb-table-wrapper")].map(
                    (w) => [w.id || w.getAttribute("aria-labelledby"),
                            w.scrollWidth, w.clientWidth]),
            };
        }"""
    )
    scroll, client = widths["page"]
    assert scroll <= client, f"{where}: the page scrolls sideways ({scroll} > {client})"
    for name, scroll, client in widths["lists"]:
        assert scroll <= client + 1, (
            f"{where}: list {name} is cut off ({scroll} > {client})"
        )


def _no_overlap_in_rows(page, where):
    overlaps = page.evaluate(
        """() => {
            const found = [];
            const rows = document.querySelectorAll(
                ".kb-table > tbody > tr, .kb-table > tfoot > tr");
            [...rows].slice(0, 30).forEach((row, r) => {
                const boxes = [...row.children]
                    .map((cell) => cell.getBoundingClientRect())
                    .filter((b) => b.width > 1 && b.height > 1);
                for (let i = 0; i < boxes.length; i++) {
                    for (let j = i + 1; j < boxes.length; j++) {
                        const p = boxes[i], q = boxes[j];
                        const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
                        const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
                        if (x > 1 && y > 1) found.push(`row ${r}: cell ${i} and ${j}`);
                    }
                }
                // Nothing in a cell sticks out of its row (card).
                const box = row.getBoundingClientRect();
                [...row.querySelectorAll("*")].forEach((el) => {
                    const b = el.getBoundingClientRect();
                    const hidden = el.closest(".kb-visually-hidden");
                    if (b.width > 1 && b.right > box.right + 1 && !hidden)
                        found.push(`row ${r}: ${el.tagName} sticks out`);
                });
            });
            return found;
        }"""
    )
    assert overlaps == [], f"{where}: overlapping cells: {overlaps[:5]}"


def _phone_card_shows(page, where, keys):
    cards = page.locator(".kb-table--cards > tbody > tr")
    if not cards.count():
        return
    card = cards.first
    display = card.evaluate("el => getComputedStyle(el).display")
    assert display == "block", f"{where}: the rows are not cards on a phone ({display})"
    assert card.bounding_box()["width"] <= PHONE["width"], where
    title = card.locator("th[scope=row]")
    if title.count():
        expect(title.first).to_be_visible()
    for label in _nl(*keys):
        cell = card.locator(f'[data-label="{label}"]')
        assert cell.count(), f"{where}: the card has no {label!r}"
        expect(cell.first).to_be_visible()
        shown = cell.first.evaluate("el => getComputedStyle(el, '::before').content")
        assert label in shown, f"{where}: the card does not name {label!r} ({shown})"


def _header_is_one_line(page, where):
    height = page.locator("header.kb-header").evaluate(
        "el => el.getBoundingClientRect().height"
    )
    assert height <= HEADER_MAX_PX, f"{where}: header {height} px on a phone"
    nav = page.locator("nav.kb-navbar")
    if nav.count():
        expect(nav).to_be_hidden()


def _filter_panel_closed(page, where):
    panel = page.locator("details.kb-filter-panel")
    if panel.count():
        assert not panel.first.evaluate("el => el.open"), f"{where}: filters open"


def _screen(page, name, viewport):
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=SCREENS_DIR / f"lists-{name}-{viewport['width']}.png", full_page=True
    )


def test_every_list_fits_a_phone_and_a_laptop(page, data):
    current = None
    for name, path, username, keys in _pages(data):
        if username != current:
            page.context.clear_cookies()
            page.set_viewport_size(LAPTOP)
            log_in(page, username, DEMO_PASSWORD)
            current = username
        for viewport in (PHONE, LAPTOP):
            where = f"{name} at {viewport['width']} px"
            page.set_viewport_size(viewport)
            response = page.goto(path)
            assert response.status == 200, f"{where}: {response.status}"
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            _no_sideways_scroll(page, where)
            _no_overlap_in_rows(page, where)
            if viewport is PHONE:
                _phone_card_shows(page, where, keys)
                _header_is_one_line(page, where)
                _filter_panel_closed(page, where)
            else:
                expect(page.locator("nav.kb-navbar").first).to_be_visible()
            assert_accessible(page, where)
            _screen(page, name, viewport)


def test_the_long_names_are_on_the_lists(page, data):
    """The data the layout is proven on: the long names are on the first pages."""
    page.context.clear_cookies()
    log_in(page, "vp.jansen", DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/meldingen/")
    first = page.locator("#queue-results tbody tr").first
    expect(first).to_contain_text(LONG_HOLDER)
    expect(first).to_contain_text(LONG_GEMEENTE)
    expect(first).to_contain_text(" ".join(LONG_ADVISOR))


def test_the_menu_opens_on_a_phone_without_javascript(browser, live_server, data):
    """The menu button is a disclosure: with JavaScript off it still opens the menu;
    its name is "Menu" and it says whether it is open."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport=PHONE,
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        log_in(page, "vp.jansen", DEMO_PASSWORD)
        page.goto("/meldingen/")
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        expect(nav).to_be_hidden()
        button = page.locator("summary.kb-menu__button")
        expect(button).to_have_accessible_name("Menu")
        button.click()
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        _screen(page, "menu-open", PHONE)
        # The filters: closed, and the summary counts what is set.
        page.goto("/meldingen/?category=bedreiging&urgency=4&sort=reported")
        summary = page.locator(".kb-filter-panel__summary")
        expect(summary).to_have_text("Filteren 2 actief")
        assert not page.locator("details.kb-filter-panel").evaluate("el => el.open")
        summary.click()
        expect(page.get_by_label("Categorie")).to_be_visible()
        _screen(page, "filters-open", PHONE)
    finally:
        context.close()


def test_on_a_laptop_the_menu_is_the_normal_menu_and_the_filters_are_open(page, data):
    page.context.clear_cookies()
    log_in(page, "vp.jansen", DEMO_PASSWORD)
    page.set_viewport_size(LAPTOP)
    page.goto("/meldingen/")
    expect(page.locator("summary.kb-menu__button")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()
    expect(page.get_by_label("Categorie")).to_be_visible()
    height = page.locator("header.kb-header").evaluate(
        "el => el.getBoundingClientRect().height"
    )
    assert height <= 160, f"header {height} px on a laptop"
