"""The association's staff member in a browser: the anonymised dashboard, the list of
signal reports, one report and its download.

Written against the URL names of the signals work (``signals:dashboard``,
``signals:report_list``, ``signals:report_detail``, one integer argument); the staff
member starts a report, which the test compiles as the Celery worker would.
"""

import re
from urllib.parse import urlparse

from django.urls import reverse

from signals.tasks import compile_report
from tests.browser.checks import assert_accessible, check_screens
from tests.browser.person import DEMO_PASSWORD
from tests.browser.playwright_thread import expect

DOWNLOAD_NAME = re.compile(r"download|pdf|excel|xlsx|csv", re.IGNORECASE)


def test_staff_views_the_dashboard_and_downloads_a_report(person, demo, live_server):
    # (The ``page`` fixture asserts at the end that every request, the download
    # included, went to the live server's origin.)
    page = person.page
    person.log_in("staf.visser", DEMO_PASSWORD)

    # The dashboard, reached through the main menu.
    dashboard = reverse("signals:dashboard")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    person.activate(menu.locator(f"a[href='{dashboard}']"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Charts have a table alternative.
    expect(page.locator("main table").first).to_be_attached()
    assert_accessible(page, "staff dashboard")
    check_screens(page, "staff-dashboard")

    # A new report for the default period: the page shows its progress while the
    # worker compiles it (here the test plays the worker, by the report's id).
    page.goto(reverse("signals:report_list"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "report list")
    check_screens(page, "staff-report-list")
    person.press("Rapport samenstellen")
    detail = re.escape(reverse("signals:report_detail", args=[987654321]))
    detail = re.compile("^" + detail.replace("987654321", r"(\d+)") + "$")
    match = detail.match(urlparse(page.url).path)
    assert match, f"not on a report page: {page.url}"
    compile_report(int(match.group(1)))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "report detail")
    check_screens(page, "staff-report-detail")

    # The download: a file with content, from the application itself.
    with page.expect_download() as download_info:
        person.activate(
            page.get_by_role("link", name=DOWNLOAD_NAME).first, navigates=False
        )
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename
    with open(download.path(), "rb") as file:
        assert len(file.read()) > 100
    assert download.url.startswith(live_server.url)
