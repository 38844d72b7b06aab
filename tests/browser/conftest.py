"""Real-browser tests: Playwright drives Debian's Chromium against ``live_server``.

One browser per run, started by the first browser test and stopped at the end of the
run. It lives in a thread of its own (``tests/browser/playwright_thread.py``):
Playwright's sync API marks an asyncio loop as running in the thread that uses it, and
Django refuses database queries in such a thread. In its own thread the loop never
meets the test's queries, so the browser tests run in any order among the others,
with Django's async-safety check on. The live server handles requests in threads of
its own, without an event loop.

``live_server`` needs ``transactional_db``: the server thread uses its own database
connection, so test data is committed, and each test ends with a flush. The flush also
wipes what the migrations made (role groups, the association); every browser test
therefore uses ``django_db_serialized_rollback``, which restores that state.

axe-core is put into the page with ``page.evaluate`` of the vendored file: DevTools
evaluation is not subject to the page's Content-Security-Policy, where a
``<script>`` tag added to the page would be.
"""

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.checks import DESKTOP
from tests.browser.person import Person
from tests.browser.playwright_thread import BrowserThread

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def chromium():
    """Chromium, driven by Playwright in its own thread, for the rest of the run."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash scripts/services.sh` "
            "(installs Debian's chromium)"
        )
    thread = BrowserThread()
    try:
        playwright = thread.run(lambda: sync_playwright().start())
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            yield browser
            browser.close()
        finally:
            playwright.stop()
    finally:
        thread.stop()


# --- the page -------------------------------------------------------------------------


@pytest.fixture
def browser(chromium, live_server, django_db_serialized_rollback):
    return chromium


@pytest.fixture
def requests_made():
    """Every URL the browser asked for during the test (filled by ``page``)."""
    return []


@pytest.fixture
def page(browser, live_server, requests_made):
    """A fresh browser context (no cookies) at desktop width, Dutch. At the end of every
    test it asserts that the browser requested nothing outside the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport=DESKTOP,
        reduced_motion="reduce",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", lambda request: requests_made.append(request.url))
    page = context.new_page()
    yield page
    context.close()
    assert_same_origin(requests_made, live_server.url)


def assert_same_origin(urls, origin):
    expected = urlsplit(origin)
    outside = [
        url
        for url in urls
        if (urlsplit(url).scheme, urlsplit(url).netloc)
        != (expected.scheme, expected.netloc)
    ]
    assert outside == [], f"requests outside {origin}: {outside}"


# --- people and data ----------------------------------------------------------------


@pytest.fixture
def demo(browser):
    """The fictional demo data set of ``make run`` (40 cases in every state)."""
    from demo.seed import seed_all
    from regions.services import load_reference_data

    load_reference_data()
    # As `manage.py seed_demo` does, signals included: the dashboard has figures.
    return seed_all()


@pytest.fixture(params=["mouse", "keyboard"])
def person(request, page):
    """The same flow done with a mouse and with the keyboard only."""
    return Person(page, keyboard=request.param == "keyboard")
