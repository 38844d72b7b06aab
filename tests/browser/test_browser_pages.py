"""Every main page, per role, on the demo data: no axe violations, a screenshot at
390 and 1280 px with the layout holding at both, and nothing requested from outside
the application's own origin."""

import pytest
from django.contrib.auth.models import User

from cases import constants as c
from cases.models import Case, Handoff
from tests.browser.checks import (
    assert_accessible,
    assert_layout_holds,
    check_screens,
)
from tests.browser.conftest import assert_same_origin
from tests.browser.person import DEMO_PASSWORD, log_in
from tests.browser.playwright_thread import expect


def _visit(page, path, name, *, status=200):
    response = page.goto(path)
    assert response.status == status, f"{path}: {response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, name)
    check_screens(page, name)


def _as(page, username):
    page.context.clear_cookies()
    log_in(page, username, DEMO_PASSWORD)


def test_every_main_page_is_accessible_fits_and_stays_on_its_origin(
    page, demo, live_server, requests_made
):
    _visit(page, "/inloggen/", "login")
    _visit(page, "/toegankelijkheid/", "accessibility-statement")

    advisor = User.objects.get(username="vp.jansen")
    visible = Case.objects.visible_to(advisor)
    full_case = visible.filter(referrals__isnull=False, notes__isnull=False).first()
    new_case = visible.filter(status=c.Status.NEW).first()
    _as(page, advisor.username)
    _visit(page, "/meldingen/", "advisor-queue")
    _visit(page, "/meldingen/?view=closed", "advisor-queue-closed")
    _visit(page, "/meldingen/nieuw/", "advisor-intake")
    _visit(page, f"/meldingen/{full_case.pk}/", "advisor-case")
    _visit(page, f"/meldingen/{full_case.pk}/logboek/", "advisor-audit-log")
    _visit(page, f"/meldingen/{new_case.pk}/toestemming/", "advisor-consent")
    _visit(page, f"/meldingen/{new_case.pk}/overdragen/", "advisor-handoff")
    _visit(page, f"/meldingen/{new_case.pk}/sluiten/", "advisor-close")
    _visit(page, "/meldingen/999999/", "not-found", status=404)

    handoff = Handoff.objects.filter(status=c.HandoffStatus.ACCEPTED).first()
    _as(page, handoff.ambassador.user.username)
    _visit(page, "/ambassadeur/", "ambassador-list")
    _visit(page, f"/meldingen/{handoff.case_id}/", "ambassador-case")
    _visit(page, f"/meldingen/{handoff.case_id}/notitie/", "ambassador-note")
    _visit(page, f"/meldingen/{handoff.case_id}/doorverwijzing/", "ambassador-referral")

    offered = Handoff.objects.filter(status=c.HandoffStatus.OFFERED).first()
    _as(page, offered.ambassador.user.username)
    _visit(page, f"/meldingen/{offered.case_id}/", "ambassador-offered-case")

    _as(page, "staf.visser")
    _visit(page, "/", "staff-home")

    _as(page, "beheer.smit")
    _visit(page, "/", "admin-home")
    _visit(page, "/account/goedkeuringen/", "admin-approvals")
    _visit(page, "/account/goedkeuringen/rol/", "admin-approval-request-role")

    _as(page, "selectie.dekker")
    _visit(page, "/", "committee-home")

    _as(page, "vp.partij")
    _visit(page, "/meldingen/", "party-advisor-queue")

    assert any("/static/" in url for url in requests_made)  # the recorder works
    assert_same_origin(requests_made, live_server.url)


def test_the_layout_check_catches_overlap_and_horizontal_scrolling(page):
    """The check above would fail on a broken page (guards against a blind check)."""
    page.set_content(
        "<main><button>Eén</button><button class=up>Twee</button></main>"
        "<style>.up { position: relative; top: -1.2em; left: -2em; }</style>"
    )
    with pytest.raises(AssertionError, match="overlapping controls"):
        assert_layout_holds(page)
    page.set_content("<main><p style='width: 3000px'>breed</p></main>")
    with pytest.raises(AssertionError, match="horizontal scrolling"):
        assert_layout_holds(page)
