"""Benchmark statistics releases with 1,000,000 signals.

Run on demand (``make bench-signals``), never in CI. Uses its own database
(``klankbord_bench_signals`` unless BENCH_DB is set), fills it once with SQL
(generate_series: 1,000,000 signals of 50,000 fictional persons over 13 quarters), then
prints:

- a release compile (every table, perturbation, audit): time (target < 60 s) and peak
  memory (target < 500 MB), and a second compile with nothing changed;
- utility per table kind: the share of cells published as a number and the mean
  absolute deviation of the published figures from the true counts;
- the dashboard's server time from a release (median and p95; target p95 < 50 ms);
- a report compile from the release (target < 30 s, < 300 MB).
"""

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import median_p95, prepare, verified_client  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["POSTGRES_DB"] = os.environ.get("BENCH_DB", "klankbord_bench_signals")

SIGNALS = int(os.environ.get("BENCH_SIGNALS", "1000000"))
PERSONS = int(os.environ.get("BENCH_PERSONS", "50000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))

FILL_SQL = """
WITH provinces AS (
    SELECT array_agg(id ORDER BY code) AS ids FROM regions_province
), regions AS (
    SELECT array_agg(id ORDER BY code) AS ids FROM regions_region
)
INSERT INTO signals_signal (
    person_key, category, office, province_id, region_id, quarter, channel,
    perpetrator, police, impact, consent_given_on, consent_revoked_at, recorded_at,
    case_id, recorded_by_id, organisation_id
)
SELECT
    p,
    1 + floor(random() * 7)::int,
    1 + (p * 7 %% 6),
    provinces.ids[1 + (p %% array_length(provinces.ids, 1))],
    regions.ids[1 + (p %% array_length(regions.ids, 1))],
    %(last)s - floor(random() * 13)::int,
    1 + floor(random() * 7)::int,
    1 + floor(random() * 6)::int,
    1 + floor(random() * 4)::int,
    1 + floor(random() * 4)::int,
    current_date,
    CASE WHEN p %% 50 = 0 THEN now() END,
    now(),
    NULL,
    NULL,
    %(organisation)s
FROM generate_series(1, %(n)s) AS g,
     LATERAL (SELECT 1 + (g::bigint * 7919) %% %(persons)s AS p) person,
     provinces, regions
"""


def fill() -> None:
    from django.db import connection
    from django.utils import timezone

    from core.models import Organisation
    from signals.constants import quarter_of_date
    from signals.models import Signal

    have = Signal.objects.count()
    if have >= SIGNALS:
        return
    Signal.objects.all().delete()
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            FILL_SQL,
            {
                "n": SIGNALS,
                "persons": PERSONS,
                "last": quarter_of_date(timezone.localdate()),
                "organisation": Organisation.objects.get(is_default=True).pk,
            },
        )
    print(f"  inserted in {time.perf_counter() - start:.1f} s", flush=True)
    previous = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE signals_signal")
    connection.connection.autocommit = previous


def measure(client, url: str) -> tuple[float, float]:
    """Server time of ``url`` (a stored release: nothing is counted)."""
    timings = []
    for _ in range(2):
        client.get(url)
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        assert b"kb-chart" in response.content, url
    return median_p95(timings)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def compile_release(organisation) -> tuple[object, float, float]:
    from signals import releases
    from signals.constants import ReleaseReason
    from signals.models import StatisticsRelease

    queued = releases.request_release(organisation, ReleaseReason.MANUAL)
    tracemalloc.start()
    start = time.perf_counter()
    assert releases.compile_release(queued.pk)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return StatisticsRelease.objects.get(pk=queued.pk), seconds, peak / 2**20


def utility(release) -> None:
    """Per table kind: cells published as a number, and their mean absolute
    deviation from the true count (read again from the same data)."""
    from django.db import transaction

    from signals.catalogue import Period
    from signals.releases import count_snapshot

    with transaction.atomic():
        counts = count_snapshot(
            release.organisation, release.first_quarter, release.last_quarter
        ).counts
    kinds: dict = {}
    withheld = release.figures.get("withheld", {})
    for table, by_period in release.figures["figures"].items():
        for period_key, cells in by_period.items():
            period = Period(period_key)
            kind = (
                "total"
                if table == "total"
                else ("two dimensions, year" if "_" in table else "one dimension, ")
            )
            if kind.endswith(", "):
                kind += "year" if period.is_year else "quarter"
            shown, deviations = kinds.setdefault(kind, ([], []))
            hidden = table in withheld.get(period_key, [])
            for cell, value in cells.items():
                shown.append(value is not None and not hidden)
                if value is not None and not hidden:
                    deviations.append(abs(value - counts.get((period.db, cell), 0)))
    print(f"\n{'table kind':<28}{'cells':>8}{'published':>11}{'mean abs dev':>14}")
    for kind, (shown, deviations) in sorted(kinds.items()):
        share = 100 * sum(shown) / len(shown) if shown else 0
        mad = sum(deviations) / len(deviations) if deviations else 0
        print(f"{kind:<28}{len(shown):>8}{share:>10.1f}%{mad:>14.2f}")


def main() -> int:
    staff = prepare("bench.staf", "verenigingsmedewerker")
    from core.models import Membership, Organisation
    from signals.models import Report, Signal, StatisticsRelease
    from signals.tasks import compile_report

    association = Organisation.objects.get(is_default=True)
    Membership.objects.get_or_create(user=staff, defaults={"organisation": association})
    database = os.environ["POSTGRES_DB"]
    print(f"Database {database}: {SIGNALS:,} signals of {PERSONS:,} persons…")
    fill()
    print(f"{Signal.objects.count():,} signals in the database")

    before = rss_mb()
    release, seconds, traced = compile_release(association)
    print(
        f"\nrelease {release.number} compile (all tables, perturbation, audit): "
        f"{seconds:.1f} s ({'ok' if seconds < 60 else 'SLOW'}, target < 60 s); "
        f"{traced:.0f} MB traced Python allocations, process peak RSS {rss_mb():.0f} "
        f"MB (was {before:.0f}; {'ok' if rss_mb() < 500 else 'HIGH'}, target < 500 MB)"
    )
    again, seconds, _traced = compile_release(association)
    print(
        f"release {again.number} with nothing changed: {seconds:.1f} s, "
        f"{len(again.revised_periods)} periods revised, figures identical: "
        f"{again.figures == release.figures}"
    )
    utility(again)

    client = verified_client(staff)
    year = next(p for p in again.figures["periods"] if p.startswith("y"))
    urls = {
        "dashboard (latest quarter)": "/signalen/",
        "dashboard (a year)": f"/signalen/?period={year}",
        "an earlier release": f"/signalen/?release={release.number}",
    }
    print(f"\n{ROUNDS} requests per page")
    print(f"{'page':<30}{'median ms':>12}{'p95 ms':>10}  target p95 < 50 ms")
    for label, url in urls.items():
        median, p95 = measure(client, url)
        verdict = "ok" if p95 < 50 else "SLOW"
        print(f"{label:<30}{median:>12.1f}{p95:>10.1f}  {verdict}")

    last = again.last_quarter
    report = Report.objects.create(
        statistics_release=again, first_quarter=last - 3, last_quarter=last
    )
    rss_before = rss_mb()
    tracemalloc.start()
    start = time.perf_counter()
    assert compile_report(report.pk) is True
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report.refresh_from_db()
    print(
        f"\nreport compile (4 quarters and their year): {seconds:.1f} s "
        f"({'ok' if seconds < 30 else 'SLOW'}, target < 30 s)"
    )
    print(
        f"peak memory: {peak / 2**20:.0f} MB traced Python allocations, "
        f"process peak RSS {rss_mb():.0f} MB (was {rss_before:.0f} MB before the "
        f"report; {'ok' if rss_mb() < 300 else 'HIGH'}, target < 300 MB)"
    )
    print(f"PDF {len(report.pdf) / 1024:.0f} kB, XLSX {len(report.xlsx) / 1024:.0f} kB")
    report.delete()
    print(f"{StatisticsRelease.objects.count()} releases kept (immutable)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
