"""Playwright in a thread of its own, so that the test's thread keeps plain Django.

Playwright's sync API runs an asyncio event loop (in a greenlet) and marks it as
running in the thread that uses the API. Django refuses database queries in a thread
with a running event loop (``SynchronousOnlyOperation``), and a browser test does
both: it clicks, then reads what the click saved. So the browser lives in a thread
that does nothing else: ``BrowserThread`` starts Playwright there and runs every call
to it there, one at a time; the test gets each Playwright object wrapped in a
``Remote``, whose attribute reads and method calls go to that thread and wait for the
answer. The test's thread never sees the event loop, and Django's async-safety check
stays on (no ``DJANGO_ALLOW_ASYNC_UNSAFE``).

Handlers given to Playwright (``context.on("request", ...)``) run in the browser
thread, with the unwrapped objects; they must not touch the database.
"""

import concurrent.futures
import functools
import queue
import threading

from django.utils.functional import Promise
from playwright.sync_api import expect as playwright_expect


class BrowserThread:
    """A thread that runs the calls it is given, in order, and returns their results
    (Playwright objects wrapped in a ``Remote``)."""

    def __init__(self):
        self._jobs = queue.SimpleQueue()
        self._thread = threading.Thread(
            target=self._serve, name="playwright", daemon=True
        )
        self._thread.start()

    def _serve(self):
        while (job := self._jobs.get()) is not None:
            future, function, args, kwargs = job
            try:
                result = function(*args, **kwargs)
            except BaseException as error:  # the caller re-raises it
                future.set_exception(error)
            else:
                future.set_result(result)

    def run(self, function, *args, **kwargs):
        """``function(*args, **kwargs)`` in the browser thread."""
        future = concurrent.futures.Future()
        self._jobs.put((future, function, _unwrap(args), _unwrap(kwargs)))
        return self._wrap(future.result())

    def stop(self):
        self._jobs.put(None)
        self._thread.join()

    def _wrap(self, value):
        if type(value).__module__.startswith("playwright."):
            return Remote(value, self)
        if isinstance(value, list | tuple):
            return type(value)(self._wrap(item) for item in value)
        if isinstance(value, dict):
            return {key: self._wrap(item) for key, item in value.items()}
        return value


def _unwrap(value):
    if isinstance(value, Remote):
        return value._target
    if isinstance(value, Promise):
        return str(value)  # a lazy translation, in this thread's language
    if isinstance(value, list | tuple):
        return type(value)(_unwrap(item) for item in value)
    if isinstance(value, dict):
        return {key: _unwrap(item) for key, item in value.items()}
    return value


class Remote:
    """A Playwright object that lives in the browser thread."""

    __slots__ = ("_target", "_thread")

    def __init__(self, target, thread: BrowserThread):
        self._target = target
        self._thread = thread

    def __getattr__(self, name):
        value = self._thread.run(getattr, self._target, name)
        if callable(value) and not isinstance(value, Remote):
            # A method: call it over there too.
            return functools.partial(self._thread.run, value)
        return value

    def __enter__(self):
        return self._thread.run(type(self._target).__enter__, self._target)

    def __exit__(self, *exc_info):
        return self._thread.run(type(self._target).__exit__, self._target, *exc_info)

    def __repr__(self):
        return self._thread.run(repr, self._target)

    def __str__(self):
        return self._thread.run(str, self._target)

    def __eq__(self, other):
        return self._target is _unwrap(other)

    def __hash__(self):
        return id(self._target)


def expect(actual, message=None):
    """Playwright's ``expect``, for a ``Remote`` page, locator or response."""
    return actual._thread.run(playwright_expect, actual, message)
