"""Benchmark the triage queue and the case page with 100,000 meldingen.

Run on demand (``make bench``), never in CI. Uses its own database
(``klankbord_bench`` unless BENCH_DB is set), fills it once, then prints the median and
p95 server time of: the queue's first page, a filtered page, a search, and a case page.
The target is a p95 under 100 ms for each on this machine.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import median_p95, prepare, verified_client  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["POSTGRES_DB"] = os.environ.get("BENCH_DB", "klankbord_bench")
os.environ.setdefault(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)

CASES = int(os.environ.get("BENCH_CASES", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))


def fill(advisor) -> None:
    from bench.data import fill_cases

    fill_cases(
        organisation_id=advisor.membership.organisation_id,
        by_id=advisor.pk,
        target=CASES,
        owner_ids=[advisor.pk],
    )


def timeline_case(advisor):
    """A case with 60 entries on its timeline, of every kind the advisor records,
    and 10 files (images, so each has a thumbnail); made once, through the
    services (``demo.seeders.case_scenarios.long_record``), so the rows are what the
    pages read."""
    from cases import constants as c
    from cases.models import Case, Note
    from demo.seeders.case_scenarios import long_record

    case = Case.objects.filter(
        organisation=advisor.membership.organisation, status=c.Status.TRIAGE
    ).first()
    if not Note.objects.filter(case=case).exists():  # made already otherwise
        long_record(case, advisor)
    return case


def measure(client, url: str) -> tuple[float, float]:
    timings = []
    for _ in range(5):  # warm up connections and caches
        client.get(url)
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return median_p95(timings)


def total_and_sql(client, url: str) -> tuple[float, float, int]:
    """The median server time of ``url``, the median time of its SQL (every query's
    execution and fetch, summed with ``connection.execute_wrapper``), and its number
    of queries. The rest is Python: building queries, rows, audit, rendering."""
    from django.db import connection

    spent = {"sql": 0.0, "queries": 0}

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["sql"] += time.perf_counter() - start
            spent["queries"] += 1

    totals, sqls = [], []
    for _ in range(5):
        client.get(url)
    for _ in range(ROUNDS):
        spent.update(sql=0.0, queries=0)
        with connection.execute_wrapper(timed):
            start = time.perf_counter()
            response = client.get(url)
            totals.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sqls.append(spent["sql"] * 1000)
    return statistics.median(totals), statistics.median(sqls), spent["queries"]


def main() -> int:
    advisor = prepare("bench.vp", "vertrouwenspersoon")
    from cases.models import Case
    from core.models import Membership, Organisation

    Membership.objects.get_or_create(
        user=advisor,
        defaults={"organisation": Organisation.objects.get(is_default=True)},
    )
    print(f"Filling to {CASES:,} meldingen (once)…", flush=True)
    fill(advisor)

    client = verified_client(advisor)
    region = advisor.membership.organisation.cases.first().office_holder.gemeente.region
    case = (
        Case.objects.filter(organisation=advisor.membership.organisation)
        .order_by("?")
        .first()
    )
    # The search travels in a POST (no names in URLs): the results page carries a
    # token for it.
    search = client.post("/meldingen/", {"q": "Persoon 42"})["Location"]
    files_case = timeline_case(advisor)
    urls = {
        "queue, first page": "/meldingen/",
        "queue, filtered page": (
            f"/meldingen/?category=bedreiging&region={region.pk}"
            "&urgency=3&sort=-urgency&page=2"
        ),
        "queue, search": search,
        "case page": f"/meldingen/{case.pk}/",
        "case, 50 entries, 10 files": f"/meldingen/{files_case.pk}/",
    }
    total = Case.objects.count()
    print(f"\n{total:,} meldingen in the database; {ROUNDS} requests per page\n")
    print(f"{'page':<24}{'median ms':>12}{'p95 ms':>10}  target p95 < 100 ms")
    worst = 0.0
    for label, url in urls.items():
        median, p95 = measure(client, url)
        worst = max(worst, p95)
        verdict = "ok" if p95 < 100 else "SLOW"
        print(f"{label:<24}{median:>12.1f}{p95:>10.1f}  {verdict}")
    print(f"\n{'case page: total vs SQL time':<30}{'total':>8}{'SQL':>8}{'ratio':>7}")
    for label in ("case page", "case, 50 entries, 10 files"):
        total, sql, queries = total_and_sql(client, urls[label])
        verdict = "ok" if total <= 3 * sql else "over 3x"
        print(
            f"{label:<30}{total:>8.1f}{sql:>8.1f}{total / sql:>7.1f}  "
            f"{queries} queries, target at most 3x: {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
