"""Capacity under load (``make bench-load``): 100 simulated people at once.

Prepares a bench database like the demo (the demo data set, plus meldingen and enough
advisor, ambassador and staff accounts for every simulated user), starts the app
under gunicorn with the production settings (``config/gunicorn.conf.py``,
``DJANGO_DEBUG=0``) on 127.0.0.1, runs ``bench/locustfile.py`` headless, and prints
the p50 / p95 / p99 of every page once every user is logged in (locust's
``--reset-stats``), the logins' own figures, and every error of the whole run.
Exits non-zero on any error.
Run on demand, never in CI; it only talks to 127.0.0.1.

Nothing is relaxed for the bench: the users log in through the real login and 2FA
pages (the simulated users compute their TOTP codes from their device's key, which
this script writes to ``var/bench-load/accounts.json``, readable by the owner only),
and CSRF is checked as always. Plain http on 127.0.0.1 needs no relaxed setting: the
production HTTPS switches (``DJANGO_HTTPS`` and the settings it turns on) are simply
not set here, as on a developer's machine.

Environment (defaults in brackets): BENCH_LOAD_DB [klankbord_bench_load],
BENCH_LOAD_CASES [20000], BENCH_LOAD_USERS [100], BENCH_LOAD_SPAWN_RATE [2],
BENCH_LOAD_RUN_TIME [4m, the ramp-up included], BENCH_LOAD_PORT [8765],
BENCH_LOAD_TARGET_P95_MS [300];
GUNICORN_WORKERS / GUNICORN_THREADS as in production.
"""

import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import setup  # noqa: E402

DB = os.environ.get("BENCH_LOAD_DB", "klankbord_bench_load")
CASES = int(os.environ.get("BENCH_LOAD_CASES", "20000"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "100"))
# Each login verifies an Argon2id hash (100 MB, a few hundred ms of a core): ten
# logins a second would take both cores for the whole ramp-up, so the users arrive
# two a second. The pages' figures are taken once every user is logged in.
SPAWN_RATE = os.environ.get("BENCH_LOAD_SPAWN_RATE", "2")
RUN_TIME = os.environ.get("BENCH_LOAD_RUN_TIME", "4m")
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8765"))
TARGET_P95_MS = float(os.environ.get("BENCH_LOAD_TARGET_P95_MS", "300"))
OUT = ROOT / "var" / "bench-load"
ACCOUNTS = OUT / "accounts.json"
# A bench-only secret key: the bench database's sessions mean nothing elsewhere.
SECRET_KEY = os.environ.get("BENCH_LOAD_SECRET_KEY", "bench-load-" + "x" * 40)

# The share of each kind of user (locustfile weights); accounts are made for each
# kind with room to spare, so every simulated user logs in with an account of its own
# (a TOTP code works once per account and 30-second step).
SHARES = {"advisor": 0.5, "ambassador": 0.3, "staff": 0.2}
CASES_PER_AMBASSADOR = 3


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        POSTGRES_DB=DB,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_LOG_LEVEL=os.environ.get("DJANGO_LOG_LEVEL", "WARNING"),
    )
    # Never the production HTTPS switches: this server listens on http://127.0.0.1.
    for name in ("DJANGO_HTTPS", "DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_COOKIES"):
        env.pop(name, None)
    return env


# --- the data -------------------------------------------------------------------------


def prepare() -> None:
    """Make and fill the bench database (once; a second run tops up), and write the
    accounts file for the simulated users (fresh 2FA keys every run)."""
    os.environ.update(_env())  # POSTGRES_DB is DB
    setup()
    from django.contrib.auth.models import User

    if not User.objects.filter(username="vp.jansen").exists():
        print("Seeding the demo data…", flush=True)
        from demo.seed import seed_all

        for line in seed_all():
            print(" ", line, flush=True)
    accounts = _accounts()
    OUT.mkdir(parents=True, exist_ok=True)
    ACCOUNTS.touch(mode=0o600)
    ACCOUNTS.chmod(0o600)
    ACCOUNTS.write_text(json.dumps(accounts, indent=1))
    from django.db import connections

    connections.close_all()


def _accounts() -> dict:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.data import fill_cases
    from cases import constants as c
    from cases.models import Case
    from core.constants import Role
    from core.models import Membership, Organisation
    from network.models import Ambassador
    from regions.models import Region

    association = Organisation.objects.get(is_default=True)
    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # one Argon2 hash for every bench account
    counts = {kind: int(USERS * share) + 5 for kind, share in SHARES.items()}
    roles = {
        "advisor": Role.ADVISOR,
        "ambassador": Role.AMBASSADOR,
        "staff": Role.STAFF,
    }
    users: dict[str, list] = {}
    for kind, count in counts.items():
        group = Group.objects.get(name=roles[kind].value)
        for number in range(count):
            user, _ = User.objects.get_or_create(
                username=f"bench.{kind}.{number:03d}",
                defaults={"first_name": "Bench", "last_name": f"{kind} {number}"},
            )
            user.password = hashed
            user.save(update_fields=["password"])
            user.groups.add(group)
            Membership.objects.get_or_create(
                user=user, defaults={"organisation": association}
            )
            users.setdefault(kind, []).append(user)

    advisors = users["advisor"]
    print(f"Filling to {CASES:,} meldingen (once)…", flush=True)
    fill_cases(
        organisation_id=association.pk,
        by_id=advisors[0].pk,
        target=CASES,
        owner_ids=[u.pk for u in advisors],
    )
    regions = list(Region.objects.order_by("pk"))
    open_cases = Case.objects.filter(
        organisation=association, status__in=c.OPEN_STATUSES
    )
    handed = _hand_cases(users["ambassador"], advisors[0], regions, open_cases)
    sample = list(open_cases.order_by("?").values_list("pk", flat=True)[:2000]) + list(
        Case.objects.filter(organisation=association, status=c.Status.CLOSED)
        .order_by("?")
        .values_list("pk", flat=True)[:500]
    )
    result = {
        "cases": sample,
        "regions": [r.pk for r in regions],
        "categories": list(c.Category.values),
        "urgencies": [str(u) for u in c.Urgency.values],
        "accounts": {},
    }
    for kind, members in users.items():
        rows = []
        for user in members:
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            row = {"username": user.username, "password": password, "key": device.key}
            if kind == "ambassador":
                row["cases"] = handed.get(user.pk, [])
            rows.append(row)
        result["accounts"][kind] = rows
    assert all(Ambassador.objects.filter(user=u).exists() for u in users["ambassador"])
    return result


def _hand_cases(ambassador_users, advisor, regions, open_cases) -> dict[int, list]:
    """Each bench ambassador covers one region and has a few of its open cases, handed
    over and accepted through the services (consent, handoff, grant). Made once."""
    from django.utils import timezone

    from cases import constants as c
    from cases.models import Handoff
    from cases.services.consent import consent_record
    from cases.services.handoff import case_handoff, handoff_accept
    from network.models import Ambassador

    handed: dict[int, list] = {}
    for number, user in enumerate(ambassador_users):
        region = regions[number % len(regions)]
        ambassador, _ = Ambassador.objects.get_or_create(
            user=user, defaults={"organisation": advisor.membership.organisation}
        )
        ambassador.regions.add(region)
        have = list(
            Handoff.objects.filter(
                ambassador=ambassador, status__in=c.ACTIVE_HANDOFF_STATUSES
            ).values_list("case_id", flat=True)
        )
        candidates = (
            open_cases.filter(office_holder__gemeente__region=region)
            .exclude(handoffs__status__in=c.ACTIVE_HANDOFF_STATUSES)
            .order_by("pk")
        )
        for case in candidates[: max(0, CASES_PER_AMBASSADOR - len(have))]:
            consent_record(
                case=case,
                by=advisor,
                purpose=c.ConsentPurpose.HANDOFF,
                given_by="Bench Persoon",
                method=c.ConsentMethod.VERBAL,
                given_at=timezone.now(),
            )
            handoff = case_handoff(case=case, ambassador=ambassador, by=advisor)
            handoff_accept(handoff=handoff, by=user)
            have.append(case.pk)
        handed[user.pk] = have
    return handed


# --- the run --------------------------------------------------------------------------


def start_server() -> subprocess.Popen:
    env = _env()
    env["GUNICORN_BIND"] = f"127.0.0.1:{PORT}"
    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(ROOT / "config" / "gunicorn.conf.py"),
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {OUT / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(  # noqa: S310 - our own server on 127.0.0.1
                f"http://127.0.0.1:{PORT}/inloggen/", timeout=5
            ) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_locust() -> None:
    env = _env()
    env["BENCH_LOAD_ACCOUNTS"] = str(ACCOUNTS)
    env["BENCH_LOAD_RUN_OUT"] = str(OUT / "run.json")
    (OUT / "run.json").unlink(missing_ok=True)
    subprocess.run(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--users",
            str(USERS),
            "--spawn-rate",
            SPAWN_RATE,
            "--run-time",
            RUN_TIME,
            "--stop-timeout",
            "10",
            "--csv",
            str(OUT / "locust"),
            "--only-summary",
            "--reset-stats",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )


def report() -> int:
    """Print p50/p95/p99 per request name and the errors; 1 when any request failed."""
    with open(OUT / "locust_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    run = json.loads((OUT / "run.json").read_text())
    print(
        f"\n{USERS} users, spawn rate {SPAWN_RATE}/s, run time {RUN_TIME}, "
        f"target p95 < {TARGET_P95_MS:.0f} ms on every page\n"
    )
    logins: dict[str, list[float]] = {}
    for name, ms in run["logins"]:
        logins.setdefault(name, []).append(ms)
    print("Logins (during the ramp-up; Argon2id and the 2FA code):")
    for name, times in sorted(logins.items()):
        times.sort()
        print(
            f"  {name:<32}{len(times):>7}  p50 {_pct(times, 50):.0f}  "
            f"p95 {_pct(times, 95):.0f}  p99 {_pct(times, 99):.0f} ms"
        )
    print("\nPages, once every user was logged in:")
    header = f"{'request':<34}{'count':>7}{'errors':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
    print(header + "  ms")
    for row in rows:
        name = row["Name"]
        count = int(row["Request Count"])
        failed = int(row["Failure Count"])
        p50, p95, p99 = (row[k] for k in ("50%", "95%", "99%"))
        total = name == "Aggregated"
        if name.startswith("login"):
            continue  # above, over the whole run
        verdict = ""
        if not total and p95 not in ("N/A", ""):
            verdict = "ok" if float(p95) < TARGET_P95_MS else "SLOW"
        if total:
            print("-" * len(header))
        print(f"{name:<34}{count:>7}{failed:>7}{p50:>7}{p95:>7}{p99:>7}  {verdict}")
    # Every failure of the whole run, the ramp-up included.
    errors = len(run["failures"])
    seen: dict[tuple, int] = {}
    for failure in run["failures"]:
        key = (failure["name"], failure["error"])
        seen[key] = seen.get(key, 0) + 1
    for (name, error), times in seen.items():
        print(f"ERROR {name}: {error} ({times}x)")
    print(f"\nErrors (whole run): {errors}")
    return 1 if errors else 0


def _pct(ordered: list[float], percent: int) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))]


def main() -> int:
    prepare()
    server = start_server()
    try:
        run_locust()
    finally:
        stop_server(server)
    return report()


if __name__ == "__main__":
    sys.exit(main())
