"""The advisor's triage queue in a browser: page, filter (htmx), sort, no match."""

import re

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from cases import constants as c
from cases.models import Case
from tests.browser.checks import assert_accessible
from tests.browser.person import DEMO_PASSWORD
from tests.browser.playwright_thread import expect

PAGE_SIZE = 10


@pytest.fixture
def queue_user(demo, settings):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = PAGE_SIZE
    return User.objects.get(username="vp.jansen")


def _open_cases(user):
    return Case.objects.visible_to(user).filter(status__in=c.OPEN_STATUSES)


def _wait_for_swap(page, url_part):
    expect(page).to_have_url(re.compile(re.escape(url_part)))
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def _count_text(n):
    return f"{n} melding" if n == 1 else f"{n} meldingen"


def test_page_filter_and_sort_the_queue(person, queue_user):
    page = person.page
    person.log_in(queue_user.username, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")

    total = _open_cases(queue_user).count()
    assert total > PAGE_SIZE
    rows = page.locator("#queue-results tbody tr")
    expect(page.locator("#queue-count")).to_have_text(_count_text(total))
    expect(rows).to_have_count(PAGE_SIZE)
    first_page = rows.locator("th").all_inner_texts()
    assert_accessible(page, "queue, first page")

    # Page: the next page shows the next rows, and says which page it is.
    person.follow("Volgende")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".kb-pagination [aria-current=page]")).to_have_text("2")
    assert set(rows.locator("th").all_inner_texts()).isdisjoint(first_page)

    # Filter: htmx swaps the results in; the focus stays on the control used.
    with translation.override("nl"):
        threat = str(c.Category.THREAT.label)
    person.choose("Categorie", threat)
    _wait_for_swap(page, "category=bedreiging")
    expected = _open_cases(queue_user).filter(category=c.Category.THREAT).count()
    expect(page.locator("#queue-count")).to_have_text(_count_text(expected))
    expect(rows).to_have_count(min(expected, PAGE_SIZE))
    for category in rows.locator("td:nth-child(5)").all_inner_texts():
        assert category == threat
    if person.keyboard:
        expect(page.get_by_label("Categorie")).to_be_focused()
    expect(page.locator("#kb-live")).to_have_text(_count_text(expected))
    assert_accessible(page, "queue after an htmx swap")

    # Sort: oldest first.
    person.choose("Sorteren", "Oudste eerst")
    _wait_for_swap(page, "sort=reported")
    times = rows.locator("time").evaluate_all(
        "els => els.map(el => el.getAttribute('datetime'))"
    )
    assert times == sorted(times)
    assert len(times) == min(expected, PAGE_SIZE)


def test_a_search_without_matches_shows_an_empty_list(person, advisor, case):
    page = person.page
    person.log_in(advisor.username)
    expect(page.locator("#queue-count")).to_have_text("1 melding")
    person.fill("Zoeken", "Niemand-met-deze-naam")
    if not person.keyboard:  # typing searches as you go; a mouse user clicks Filter
        person.press("Filteren", navigates=False)
    # The term travels in a POST; the address bar gets a token, never the name.
    _wait_for_swap(page, "zoek=")
    assert "Niemand" not in page.url
    expect(page.locator(".kb-empty")).to_have_text(
        "Geen meldingen gevonden met deze filters."
    )
    expect(page.locator("#queue-count")).to_have_text("0 meldingen")
    if person.keyboard:
        expect(page.get_by_label("Zoeken")).to_be_focused()
    assert_accessible(page, "queue, empty result")
