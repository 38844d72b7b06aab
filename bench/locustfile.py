"""The load scenario of ``make bench-load`` (bench/load.py starts the app and this).

Three kinds of people, each with an account of their own (from the accounts file
that bench/load.py writes, ``BENCH_LOAD_ACCOUNTS``), logging in through the real
login and 2FA pages, with a pause of 1–5 s between pages:

- advisors working the triage queue: its first page, a filtered page (category,
  region, urgency, sorted, page 2), a search (POSTed, then its results page) and a
  case page;
- ambassadors writing notes: their case list, a case page, the note form and its
  POST;
- staff on the statistics dashboard.

Every POST sends the CSRF token of the form it came from, as a browser does. The
TOTP code is computed from the account's device key (RFC 6238, as the authenticator
app does). Run by hand: ``locust -f bench/locustfile.py --host http://127.0.0.1:8765``
with ``BENCH_LOAD_ACCOUNTS`` set.
"""

import json
import os
import random
import re
import time
from collections import deque

from django_otp import oath
from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

_DATA = json.loads(open(os.environ["BENCH_LOAD_ACCOUNTS"]).read())  # noqa: SIM115
_FREE = {kind: deque(rows) for kind, rows in _DATA["accounts"].items()}
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


# Every failure and every login's time over the whole run, ramp-up included:
# bench/load.py resets locust's statistics once every user is logged in (the pages'
# figures are the steady state), and reads these afterwards.
_RUN = {"failures": [], "logins": []}


@events.request.add_listener
def _record(request_type, name, response_time, exception=None, **kwargs):
    if exception is not None:
        _RUN["failures"].append({"name": name, "error": str(exception)[:300]})
    if name.startswith("login"):
        _RUN["logins"].append([name, response_time])


@events.quitting.add_listener
def _write(environment, **kwargs):
    path = os.environ.get("BENCH_LOAD_RUN_OUT")
    if path:
        with open(path, "w") as handle:
            json.dump(_RUN, handle)


def totp(key_hex: str) -> str:
    """The code an authenticator app shows for this key now: django-otp's own TOTP
    (``django_otp.oath``, standard library only), with the devices' defaults."""
    return f"{oath.totp(bytes.fromhex(key_hex)):06d}"


def csrf_token(html: str) -> str:
    found = _CSRF.search(html) or _META_CSRF.search(html)
    if not found:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


class Person(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(1, 5)

    def on_start(self):
        # As a browser does: a GET whose kept-alive connection the server closed
        # just then (gunicorn closes idle ones after 5 s, the users pause 1-5 s) is
        # sent again on a new connection. Never a POST, and never an answer.
        retry = Retry(total=1, connect=1, read=1, status=0, allowed_methods={"GET"})
        self.client.mount("http://", HTTPAdapter(max_retries=retry))
        try:
            self.account = _FREE[self.kind].popleft()
        except IndexError:
            raise RuntimeError(f"not enough {self.kind} accounts") from None
        self.login()

    def login(self):
        page = self.client.get("/inloggen/", name="login: page")
        two_factor = self.submit(
            "/inloggen/",
            page,
            {
                "username": self.account["username"],
                "password": self.account["password"],
            },
            "login: password",
        )
        if two_factor is None:
            return
        page = self.client.get(two_factor, name="login: 2fa page")
        # A code works once per 30-second step (django-otp keeps the last one used):
        # a code about to expire is not sent.
        if time.time() % 30 > 27:
            time.sleep(30 - time.time() % 30 + 0.1)
        self.submit(
            two_factor,
            page,
            {"otp_token": totp(self.account["key"])},
            "login: 2fa code",
        )

    def submit(self, url: str, form, data: dict, name: str) -> str | None:
        """POST ``data`` with the CSRF token of ``form`` (the page that holds the
        form); a success is a redirect, whose target is returned (None otherwise).
        Never retried: a POST is sent once."""
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": csrf_token(form.text)},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{name}: {response.status_code}")
                return None
            return response.headers["Location"]

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                error = f" ({response.error})" if response.error else ""
                response.failure(f"{response.status_code} for {url}{error}")
            elif response.url and "/inloggen/" in response.url:
                response.failure("signed out")
            return response


class Advisor(Person):
    """A vertrouwenspersoon working the triage queue."""

    kind = "advisor"
    weight = 5

    @task(3)
    def first_page(self):
        self.last = self.page("/meldingen/", "queue: first page")

    @task(2)
    def filtered_page(self):
        url = (
            f"/meldingen/?category={random.choice(_DATA['categories'])}"
            f"&region={random.choice(_DATA['regions'])}"
            f"&urgency={random.choice(_DATA['urgencies'])}&sort=-urgency&page=2"
        )
        self.page(url, "queue: filtered page")

    @task(1)
    def search(self):
        form = self.page("/meldingen/", "queue: first page")
        if form.status_code != 200:
            return
        results = self.submit(
            "/meldingen/",
            form,
            {"q": f"Persoon {random.randint(1, 4999)}"},
            "queue: search (POST)",
        )
        if results is not None:
            self.page(results, "queue: search results")

    @task(4)
    def case_page(self):
        case = random.choice(_DATA["cases"])
        self.page(f"/meldingen/{case}/", "case page (advisor)")


class Ambassador(Person):
    """A regioambassadeur keeping notes on the cases handed to them."""

    kind = "ambassador"
    weight = 3

    @task(3)
    def case_list(self):
        self.page("/ambassadeur/", "ambassador: case list")

    @task(4)
    def case_page(self):
        if self.account["cases"]:
            case = random.choice(self.account["cases"])
            self.page(f"/meldingen/{case}/", "case page (ambassador)")

    @task(1)
    def write_note(self):
        if not self.account["cases"]:
            return
        case = random.choice(self.account["cases"])
        url = f"/meldingen/{case}/notitie/"
        form = self.page(url, "note: form")
        if form.status_code != 200:
            return
        self.submit(
            url,
            form,
            {
                "kind": "notitie",
                "text": "Gebeld; het gaat naar omstandigheden goed. (bench)",
            },
            "note: POST",
        )


class Staff(Person):
    """Association staff reading the statistics dashboard."""

    kind = "staff"
    weight = 2

    @task
    def dashboard(self):
        self.page("/signalen/", "statistics dashboard")
