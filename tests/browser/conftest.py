"""Real-browser tests: Playwright drives Debian's Chromium against ``live_server``.

One browser per run. Playwright's sync API marks an asyncio loop as running in the
test thread while it is started, and Django then refuses ORM calls there
("SynchronousOnlyOperation"). So the browser tests run last, as one block (see
``pytest_collection_modifyitems``); the browser starts with the first of them, and only
then is ``DJANGO_ALLOW_ASYNC_UNSAFE`` set (Django's documented escape hatch). After the
last browser test the browser stops and the variable is removed again, so no other
test runs with Django's async-safety check switched off. The live server handles
requests in threads of its own, without an event loop. (With that loop running, the
test thread also gets a second set of database connection objects; see ``browser``.)

``live_server`` needs ``transactional_db``: the server thread uses its own database
connection, so test data is committed, and each test ends with a flush. The flush also
wipes what the migrations made (role groups, the association); every browser test
therefore uses ``django_db_serialized_rollback``, which restores that state.

axe-core is put into the page with ``page.evaluate`` of the vendored file: DevTools
evaluation is not subject to the page's Content-Security-Policy, where a
``<script>`` tag added to the page would be.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.checks import DESKTOP
from tests.browser.person import Person
from tests.kb_fixtures import *  # noqa: F403

CHROMIUM = "/usr/bin/chromium"
BROWSER_DIR = Path(__file__).resolve().parent
TIMEOUT_MS = 10_000


def _is_browser_test(item) -> bool:
    return BROWSER_DIR in Path(str(item.path)).resolve().parents


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # After pytest-django's own ordering: the browser tests last, in one block.
    items.sort(key=_is_browser_test)


class _BrowserSession:
    """Starts Chromium on first use; ``stop`` ends it (it starts again if needed)."""

    def __init__(self):
        self._playwright = None
        self._browser = None

    def browser(self):
        if self._browser is None:
            if not os.path.exists(CHROMIUM):
                pytest.fail(
                    f"{CHROMIUM} is missing: run `bash scripts/services.sh` "
                    "(installs Debian's chromium)"
                )
            from django.db import connections
            from playwright.sync_api import sync_playwright

            # With a running loop, Django's connection handler (asgiref's
            # thread-critical Local) hands this thread a second set of connection
            # objects. They lack the snapshot pytest-django took after migrating,
            # which serialized rollback restores from: carry it over.
            snapshots = {
                alias: connections[alias].__dict__.get("_test_serialized_contents")
                for alias in connections
            }
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self._playwright = sync_playwright().start()
            for alias, snapshot in snapshots.items():
                if snapshot is not None:
                    connections[alias]._test_serialized_contents = snapshot
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM)
        return self._browser

    def stop(self):
        try:
            if self._browser is not None:
                self._browser.close()
            if self._playwright is not None:
                self._playwright.stop()
        finally:
            self._browser = self._playwright = None
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


_session = _BrowserSession()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or not _is_browser_test(nextitem):
        _session.stop()


def pytest_sessionfinish(session):
    _session.stop()


# --- the page -------------------------------------------------------------------------


@pytest.fixture
def browser(live_server, django_db_serialized_rollback):
    return _session.browser()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Each test logs in at least once; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


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
