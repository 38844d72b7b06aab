"""The functional admin's accounts pages in a real browser, at phone and desktop
width: the account list, an account's page and the failed logins. No horizontal
scrolling, no overlapping controls, axe-core without violations; screenshots in
test-artifacts/screens/admin-<page>-<width>.png."""

from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from core.constants import Role
from security import approvals
from tests.browser.checks import SCREENS_DIR, assert_accessible, assert_layout_holds
from tests.browser.person import log_in
from tests.browser.playwright_thread import expect
from tests.factories import UserFactory

VIEWPORTS = ({"width": 390, "height": 844}, {"width": 1280, "height": 800})


def _check(page, name):
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        assert_layout_holds(page)
        assert_accessible(page, f"{name} at {viewport['width']} px")
        page.screenshot(
            path=SCREENS_DIR / f"admin-{name}-{viewport['width']}.png",
            full_page=True,
        )


def test_admin_pages_hold_at_phone_and_desktop_width(
    page, functional_admin, advisor, organisation
):
    for number in range(30):  # more than one page of accounts
        UserFactory(
            username=f"gebruiker.met.een.lange.naam.{number}",
            email=f"een.heel.lang.adres.{number}@voorbeeld-organisatie.example.org",
        )
    approvals.request_role_change(
        by=functional_admin, subject=advisor, role=Role.STAFF, grant=True
    )
    AccessAttempt.objects.create(
        username=advisor.username,
        ip_address="192.0.2.10",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/inloggen/",
        get_data="",
        post_data="",
        failures_since_start=6,
        attempt_time=timezone.now(),
    )
    AccessAttempt.objects.create(
        username="iemand-die-niet-bestaat",
        ip_address="2001:db8:1234:5678::1",
        user_agent="Chrome",
        http_accept="*/*",
        path_info="/inloggen/",
        get_data="",
        post_data="",
        failures_since_start=2,
        attempt_time=timezone.now(),
    )
    log_in(page, functional_admin.username)

    page.goto(reverse("administration:account_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accounts")
    expect(page.get_by_role("link", name="Account aanmaken")).to_be_visible()
    _check(page, "accounts")

    page.goto(reverse("administration:account_detail", args=[advisor.pk]))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Vertrouwenspersoon bij")).to_be_visible()
    _check(page, "account")

    page.goto(reverse("administration:login_failures"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mislukte inlogpogingen")
    expect(page.get_by_role("link", name="Blokkade opheffen").first).to_be_visible()
    _check(page, "failures")
