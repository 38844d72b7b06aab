"""The triage queue at a million meldingen (issue 17, part 6): the region filter is
a list of office holders, a page is a window of ids first, and the filtered page's
count and window are read from one index (``case_open_filter_idx``). Same rows, same
order, as before; bench/run.py times it."""

import itertools

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import selectors
from cases.constants import Category, Status, Urgency
from cases.models import Case, OfficeHolder
from tests.factories import GemeenteFactory

pytestmark = pytest.mark.django_db

QUEUE = "/meldingen/"


@pytest.fixture
def many(advisor, office_holder, other_region):
    """60 cases over two regions, every category, urgency and status mixed, some
    reported at the same moment (the id breaks the tie)."""
    south = OfficeHolder.objects.create(
        organisation=office_holder.organisation,
        name="Zuidelijk Raadslid",
        office="wethouder",
        gemeente=GemeenteFactory(region=other_region, name="Zuidstad"),
    )
    now = timezone.now()
    kinds = itertools.cycle(
        itertools.product(
            [office_holder, south],
            Category.values[:3],
            Urgency.values,
            [Status.NEW, Status.TRIAGE, Status.CLOSED],
        )
    )
    cases = []
    for number in range(60):
        holder, category, urgency, status = next(kinds)
        cases.append(
            Case(
                organisation=office_holder.organisation,
                office_holder=holder,
                channel="telefoon",
                category=category,
                occurred_on=timezone.localdate(),
                reported_at=now - timezone.timedelta(hours=number // 2),
                urgency=urgency,
                account="x",
                status=status,
                owner=advisor if number % 3 else None,
            )
        )
    Case.objects.bulk_create(cases)
    return south


def _ids(page):
    return [case.pk for case in page.object_list]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"sort": "-urgency"},
        {"sort": "reported"},
        {"category": Category.values[0], "sort": "-urgency"},
        {"view": "closed"},
        {"urgency": Urgency.values[1], "sort": "-urgency"},
        {"sort": "due"},
        {"sort": "status", "view": "mine"},
    ],
)
def test_window_pages_are_the_plain_pages(advisor, many, other_region, filters):
    """Every page of the window paginator holds the rows, in the order, that slicing
    the sorted queryset gave."""
    for region in (None, other_region):
        chosen = {**filters, **({"region": region} if region else {})}
        cases = selectors.triage_queue(user=advisor, filters=chosen)
        plain, window = Paginator(cases, 7), selectors.WindowPaginator(cases, 7)
        assert window.count == plain.count > 0
        for number in plain.page_range:
            assert _ids(window.page(number)) == _ids(plain.page(number))


def test_a_window_page_is_one_query(advisor, many):
    cases = selectors.triage_queue(user=advisor, filters={"sort": "-urgency"})
    page = selectors.WindowPaginator(cases, 7).page(2)
    with CaptureQueriesContext(connection) as queries:
        rows = list(page.object_list)
    assert len(rows) == 7
    assert len(queries) == 1
    # The page's ids are chosen first, inside the same query.
    assert '"cases_case"."id" IN (SELECT' in queries[0]["sql"]
    assert "LIMIT 7 OFFSET 7" in queries[0]["sql"]


@pytest.mark.parametrize("listed", [2000, 1, 0])
def test_region_filter_by_id_list_and_by_join_agree(
    advisor, many, other_region, region, monkeypatch, listed
):
    """Few office holders in the region: the cases are filtered on a list of their
    ids (no join to the gemeenten in the count); many: on the join, as before."""
    monkeypatch.setattr(selectors, "REGION_LISTED_HOLDERS", listed)
    for chosen in (region, other_region):
        cases = selectors.triage_queue(user=advisor, filters={"region": chosen})
        expected = Case.objects.filter(
            status__in=[Status.NEW, Status.TRIAGE],
            office_holder__gemeente__region=chosen,
        )
        assert sorted(c.pk for c in cases) == sorted(c.pk for c in expected)
        with CaptureQueriesContext(connection) as queries:
            cases.all().count()
        joined = 'JOIN "regions_gemeente"' in queries[-1]["sql"]
        assert joined == (listed < 1)


def test_filtered_page_count_and_window_read_the_filter_index(
    client, advisor, many, other_region, settings
):
    """The count and the window of the benchmark's filtered page (category, region,
    urgency, sorted, page 2) can be answered from ``case_open_filter_idx`` alone.
    The planner prefers a sequential scan on a few rows, so it is switched off here,
    and so are plain index scans: only an index holding every column the query reads
    can answer it."""
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 1
    client.force_login(advisor)
    url = (
        f"{QUEUE}?category={Category.values[0]}&region={other_region.pk}"
        f"&urgency={Urgency.values[0]}&sort=-urgency&page=2"
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = next(q["sql"] for q in queries if "COUNT(*)" in q["sql"])
    page = next(q["sql"] for q in queries if "LIMIT 1 OFFSET 1" in q["sql"])
    marker = '"cases_case"."id" IN ('
    window = page[page.index(marker) + len(marker) :]
    window = window[: window.index("OFFSET 1") + len("OFFSET 1")]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # Only index-only scans are left: the test data are never analysed (the app
        # role may not), so the planner's choice among indexes is a guess; an
        # index-only scan needs an index that holds every column the query reads.
        cursor.execute("SET LOCAL enable_indexscan = off")
        for sql in (count, window):
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Index Only Scan using case_open_filter_idx" in plan, plan
