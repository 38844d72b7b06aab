"""The queue's search term names people, so it never appears in a URL.

URLs end up in the web server's request log (``var/web.log``: runserver's
``django.server`` logger, or gunicorn's access log), in proxy logs and in the browser's
history. The search form is POSTed; the page is then shown at a URL with the filters
and a random token for the term (kept in the session). These tests follow the search
through the no-JavaScript path, htmx, pagination and the tabs, and run a real request
handler (the one ``make run`` logs with) to read the request log itself.
"""

import http.client
import logging
import re
import threading
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.wsgi import get_wsgi_application
from django.test import override_settings

from cases.models import OfficeHolder
from tests.conftest import VerifiedClient
from tests.factories import recorded_case

QUEUE = "/meldingen/"
NAME = "Zwaantje Zoekbaar"
TERM = "zwaantje"


@pytest.fixture
def searched(db, advisor, office_holder):
    """Two cases: one of the office holder ``NAME`` (what the search finds), one of
    another; and a client signed in as the advisor."""
    holder = OfficeHolder.objects.create(
        organisation=office_holder.organisation,
        name=NAME,
        office="wethouder",
        gemeente=office_holder.gemeente,
    )
    found = recorded_case(advisor, holder)
    recorded_case(advisor, office_holder)
    client = VerifiedClient()
    client.force_login(advisor)
    return client, found


def refs(response):
    return [case.reference for case in response.context["cases"]]


def _no_term(text: str) -> None:
    assert TERM not in text.lower()
    assert "zoekbaar" not in text.lower()


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_the_search_form_is_posted(searched):
    client, _found = searched
    html = client.get(QUEUE).content.decode()
    form = re.search(r'<form class="kb-filter"[^>]*>', html).group(0)
    assert 'method="post"' in form
    assert "hx-post=" in form
    assert "hx-get=" not in form
    assert "hx-push-url" not in form


def test_without_javascript_the_post_redirects_to_a_url_without_the_term(searched):
    client, found = searched
    response = client.post(QUEUE, {"q": TERM, "status": "", "view": "all"})
    assert response.status_code == 302
    location = response["Location"]
    _no_term(location)
    assert "zoek=" in location
    page = client.get(location)
    assert refs(page) == [found.reference]
    # The page shows the term in the search field, and no link carries it.
    html = page.content.decode()
    assert f'value="{TERM}"' in html
    for href in _hrefs(html):
        _no_term(href)


def test_htmx_answers_at_once_and_pushes_a_url_without_the_term(searched):
    client, found = searched
    response = client.post(QUEUE, {"q": TERM}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert refs(response) == [found.reference]
    pushed = response["HX-Push-Url"]
    _no_term(pushed)
    assert refs(client.get(pushed)) == [found.reference]


def test_pagination_and_tabs_keep_the_search_without_the_term(
    searched, advisor, settings
):
    client, found = searched
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 1
    more = [recorded_case(advisor, found.office_holder) for _ in range(2)]
    location = client.post(QUEUE, {"q": TERM, "sort": "reported"})["Location"]
    html = client.get(location).content.decode()
    pages = [h for h in _hrefs(html) if "page=" in h]
    tabs = re.findall(r'class="utrecht-link kb-tab[^"]*" href="([^"]*)"', html)
    assert pages
    assert tabs
    for href in pages + tabs:
        _no_term(href)
        assert "zoek=" in href
    second = client.get(QUEUE + pages[0].replace("&amp;", "&"))
    assert refs(second) == [more[0].reference]
    assert second.context["page_obj"].paginator.count == 3


def test_a_term_in_the_query_string_is_ignored(searched):
    client, _found = searched
    assert len(refs(client.get(QUEUE, {"q": TERM}))) == 2


def test_an_unknown_or_foreign_token_searches_nothing(searched, colleague):
    client, _found = searched
    location = client.post(QUEUE, {"q": TERM})["Location"]
    assert len(refs(client.get(QUEUE, {"zoek": "onbekend"}))) == 2
    # Another session (even a colleague's) cannot read this session's search.
    other = VerifiedClient()
    other.force_login(colleague)
    response = other.get(location)
    assert len(refs(response)) == 2
    assert TERM not in response.content.decode()


def test_invalid_input_is_no_error(searched):
    client, _found = searched
    response = client.post(QUEUE, {"q": "a\x00b", "urgency": "99", "page": "x"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    response = client.post(QUEUE, {"q": "x" * 500}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_a_search_without_a_term_keeps_the_filters(searched):
    client, _found = searched
    location = client.post(QUEUE, {"q": "", "status": "nieuw", "view": "mine"})[
        "Location"
    ]
    assert "status=nieuw" in location
    assert "view=mine" in location
    assert "zoek=" not in location


def test_the_logs_hold_no_name_after_a_search(searched, caplog):
    """Every logger, at every level, through the whole flow (the test client)."""
    caplog.set_level(logging.DEBUG)
    client, _found = searched
    location = client.post(QUEUE, {"q": TERM})["Location"]
    client.get(location)
    client.post(QUEUE, {"q": TERM}, HTTP_HX_REQUEST="true")
    assert TERM not in caplog.text.lower()
    assert all(TERM not in str(r.args).lower() for r in caplog.records)


# --- the real request log -----------------------------------------------------------


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def _serve():
    """Django's development server (what ``make run`` writes to var/web.log) on a
    free port of 127.0.0.1, in a thread; returns the server."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=True)
    application = get_wsgi_application()

    def closing(environ, start_response):
        # The server's thread closes its database connection after each request,
        # so no session is left when the test database is dropped.
        from django.db import connections

        try:
            return list(application(environ, start_response))
        finally:
            connections.close_all()

    server.set_app(closing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _request(port, method, path, cookies, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    sent.update(headers or {})
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    content = response.read()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie(header)
        cookies.update({k: m.value for k, m in cookie.items()})
    connection.close()
    return response, content


# serialized_rollback: the flush after this test must not take the rows the
# migrations made (groups, the association, content types) from the next tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(DEBUG=False)
def test_the_web_servers_request_log_holds_no_name(advisor, office_holder):
    """The request lines runserver logs (logger ``django.server``) after a search by
    form, by htmx, and a page of results: no name, and the search was done."""
    from urllib.parse import urlencode

    holder = OfficeHolder.objects.create(
        organisation=office_holder.organisation,
        name=NAME,
        office="wethouder",
        gemeente=office_holder.gemeente,
    )
    found = recorded_case(advisor, holder)
    client = VerifiedClient()
    client.force_login(advisor)
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value
    }
    server = _serve()  # (django.setup() configures logging again: handler after)
    handler = _Lines()
    logger = logging.getLogger("django.server")
    logger.addHandler(handler)
    port = server.server_address[1]
    try:
        response, content = _request(port, "GET", QUEUE, cookies)
        assert response.status == 200
        token = re.search(rb'name="csrf-token" content="([^"]+)"', content).group(1)
        form = urlencode({"q": NAME, "csrfmiddlewaretoken": token.decode()})
        response, _ = _request(port, "POST", QUEUE, cookies, form)
        assert response.status == 302
        location = response.getheader("Location")
        response, content = _request(port, "GET", location, cookies)
        assert response.status == 200
        assert found.reference.encode() in content
        response, content = _request(
            port, "POST", QUEUE, cookies, form, {"HX-Request": "true"}
        )
        assert response.status == 200
        assert found.reference.encode() in content
    finally:
        server.shutdown()
        server.server_close()
        logger.removeHandler(handler)
    assert len(handler.lines) >= 4, handler.lines
    assert any("POST /meldingen/ " in line for line in handler.lines)
    for line in handler.lines:
        assert "zwaantje" not in line.lower(), line
        assert "zoekbaar" not in line.lower(), line
