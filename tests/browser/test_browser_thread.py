"""The browser lives in a thread of its own (tests/browser/playwright_thread.py): while
it runs, the test's thread has no event loop, and Django's async-safety check stays on
and lets the test query the database."""

import asyncio
import os
import threading

import pytest
from django.contrib.auth.models import Group

from tests.browser.playwright_thread import expect


def test_the_test_thread_queries_the_database_while_the_browser_runs(page):
    page.goto("/toegankelijkheid/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    with pytest.raises(RuntimeError, match="no running event loop"):
        asyncio.get_running_loop()
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
    assert Group.objects.exists()
    assert page._thread._thread is not threading.current_thread()
