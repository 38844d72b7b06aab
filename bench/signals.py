"""Benchmark the signals dashboard and the report compile with 1,000,000 signals.

Run on demand (``make bench-signals``), never in CI. Uses its own database
(``klankbord_bench_signals`` unless BENCH_DB is set), fills it once with SQL
(generate_series: 1,000,000 signals of 50,000 fictional persons over 12 quarters), then
prints the dashboard's server time (median and p95; target p95 < 300 ms), the report
compile time (target < 30 s) and the compile's peak memory (target < 300 MB).
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
    case_id, recorded_by_id
)
SELECT
    p,
    1 + floor(random() * 7)::int,
    1 + (p * 7 %% 6),
    provinces.ids[1 + (p %% array_length(provinces.ids, 1))],
    regions.ids[1 + (p %% array_length(regions.ids, 1))],
    %(last)s - floor(random() * 12)::int,
    1 + floor(random() * 7)::int,
    1 + floor(random() * 6)::int,
    1 + floor(random() * 4)::int,
    1 + floor(random() * 4)::int,
    current_date,
    CASE WHEN p %% 50 = 0 THEN now() END,
    now(),
    NULL,
    NULL
FROM generate_series(1, %(n)s) AS g,
     LATERAL (SELECT 1 + (g::bigint * 7919) %% %(persons)s AS p) person,
     provinces, regions
"""


def fill() -> None:
    from django.db import connection
    from django.utils import timezone

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
            },
        )
    print(f"  inserted in {time.perf_counter() - start:.1f} s", flush=True)
    previous = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE signals_signal")
    connection.connection.autocommit = previous


def measure(client, url: str, *, cold: bool) -> tuple[float, float]:
    """Server time of ``url``; ``cold`` drops the cached releases before each request
    (so every request counts in SQL), otherwise the release comes from the cache."""
    from signals.models import CachedRelease

    timings = []
    for _ in range(2):
        client.get(url)
    for _ in range(ROUNDS):
        if cold:
            CachedRelease.objects.all().delete()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        assert b"kb-chart" in response.content, url
    return median_p95(timings)


def main() -> int:
    staff = prepare("bench.staf", "verenigingsmedewerker")
    from django.utils import timezone

    from regions.models import Province
    from signals.constants import PoliceReport, SignalCategory, quarter_of_date
    from signals.models import CachedRelease, Report, Signal
    from signals.tasks import compile_report

    database = os.environ["POSTGRES_DB"]
    print(f"Database {database}: {SIGNALS:,} signals of {PERSONS:,} persons…")
    fill()

    client = verified_client(staff)
    province = Province.objects.get(code="PV27")
    filtered = f"/signalen/?category={SignalCategory.THREAT}&province={province.pk}"
    # A quarter of all signals match: the filter that makes the database work most.
    broad = f"/signalen/?police={PoliceReport.NONE}"
    urls = {
        "dashboard, cold": ("/signalen/", True),
        "filtered, cold": (filtered, True),
        "broad filter, cold": (broad, True),
        "dashboard, cached": ("/signalen/", False),
        "filtered, cached": (filtered, False),
    }
    print(
        f"\n{Signal.objects.count():,} signals in the database; "
        f"{ROUNDS} requests per page\n"
    )
    print(f"{'page':<24}{'median ms':>12}{'p95 ms':>10}  target p95 < 300 ms")
    for label, (url, cold) in urls.items():
        median, p95 = measure(client, url, cold=cold)
        verdict = "ok" if p95 < 300 else "SLOW"
        print(f"{label:<24}{median:>12.1f}{p95:>10.1f}  {verdict}")

    from signals.cache import warm, warm_selections

    CachedRelease.objects.all().delete()
    start = time.perf_counter()
    counted = warm()
    seconds = time.perf_counter() - start
    print(
        f"\nbeat warm-up after a change: {counted} of {len(warm_selections())} "
        f"selections counted and published in both languages in {seconds:.1f} s"
    )

    last = quarter_of_date(timezone.localdate())
    report = Report.objects.create(first_quarter=last - 11, last_quarter=last)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    start = time.perf_counter()
    assert compile_report(report.pk) is True
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.refresh_from_db()
    print(
        f"\nreport compile (12 quarters): {seconds:.1f} s "
        f"({'ok' if seconds < 30 else 'SLOW'}, target < 30 s)"
    )
    print(
        f"peak memory: {peak / 2**20:.0f} MB traced Python allocations, "
        f"process peak RSS {rss_after:.0f} MB (was {rss_before:.0f} MB before the "
        f"compile; {'ok' if rss_after < 300 else 'HIGH'}, target < 300 MB)"
    )
    print(f"PDF {len(report.pdf) / 1024:.0f} kB, XLSX {len(report.xlsx) / 1024:.0f} kB")
    report.delete()
    # A worker compiles many reports: the second one no longer pays for loading fonts
    # and libraries.
    again = Report.objects.create(first_quarter=last - 11, last_quarter=last)
    start = time.perf_counter()
    assert compile_report(again.pk) is True
    seconds = time.perf_counter() - start
    print(f"report compile again in the same worker: {seconds:.1f} s")
    again.delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
