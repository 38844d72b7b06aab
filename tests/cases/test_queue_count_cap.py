"""The triage queue counts at most a thousand meldingen (issue 17, the first page at
1,000,000 meldingen): the count reads at most the cap plus one row, says "meer dan
1.000 meldingen" beyond it, and the pagination links the pages that are known to
exist; a page beyond them counts on as far as it needs, and a page beyond the end
shows the last page."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cases import selectors
from cases.models import Case

pytestmark = pytest.mark.django_db

QUEUE = "/meldingen/"


def _cases(advisor, office_holder, number):
    now = timezone.now()
    Case.objects.bulk_create(
        Case(
            organisation=office_holder.organisation,
            office_holder=office_holder,
            channel="telefoon",
            category="bedreiging",
            occurred_on=timezone.localdate(),
            reported_at=now - timezone.timedelta(minutes=n),
            urgency=2,
            account="x",
            owner=advisor,
        )
        for n in range(number)
    )


def _count_sql(queries):
    return [q["sql"] for q in queries if "COUNT(*)" in q["sql"].upper()]


def test_the_count_reads_at_most_the_cap_plus_one_row(
    client, advisor, office_holder, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 25
    _cases(advisor, office_holder, 3)
    client.force_login(advisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    (count,) = [sql for sql in _count_sql(queries) if '"cases_case"' in sql]
    assert "LIMIT 1001" in count
    assert response.context["page_obj"].paginator.count == 3
    assert "3 meldingen" in response.content.decode()


def test_more_than_the_cap_says_more_than_a_thousand(
    client, advisor, office_holder, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 25
    _cases(advisor, office_holder, 1002)
    client.force_login(advisor)
    response = client.get(QUEUE)
    content = response.content.decode()
    assert "meer dan 1.000 meldingen" in content
    assert "1002 meldingen" not in content
    assert "1.002" not in content
    assert len(response.context["cases"]) == 25
    # The pages known to exist: 40 full ones and the 41st (the 1,001st melding).
    assert "Pagina 1 van 41 of meer" in content
    assert 'page=41"' in content
    assert 'rel="next"' in content


def test_english_says_more_than_1000(advisor, office_holder):
    _cases(advisor, office_holder, 1001)
    cases = selectors.triage_queue(user=advisor, filters={})
    page = selectors.WindowPaginator(cases, 25).get_page(1)
    with translation.override("en"):
        html = render_to_string(
            "cases/_partials/queue_results.html",
            {"page_obj": page, "cases": selectors.with_labels(page.object_list)},
        )
    assert "more than 1,000 meldingen" in html
    assert "Page 1 of 41 or more" in html


def test_pages_beyond_the_cap_count_on(
    client, advisor, office_holder, settings, monkeypatch
):
    """With a cap of 4 and 2 per page: page 1 knows of 3 pages; page 5 counts on to
    its own end and one more; the last page says the exact number again."""
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 4)
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 2
    _cases(advisor, office_holder, 13)
    client.force_login(advisor)
    first = client.get(QUEUE, {"sort": "-reported"})
    paginator = first.context["page_obj"].paginator
    assert paginator.capped
    assert paginator.num_pages == 3
    assert "meer dan 4 meldingen" in first.content.decode()

    fifth = client.get(QUEUE, {"sort": "-reported", "page": 5})
    assert fifth.status_code == 200
    page = fifth.context["page_obj"]
    assert page.number == 5
    assert len(page.object_list) == 2
    assert page.has_previous()
    assert page.has_next()
    assert "meer dan 10 meldingen" in fifth.content.decode()

    seventh = client.get(QUEUE, {"sort": "-reported", "page": 7})
    page = seventh.context["page_obj"]
    assert not page.paginator.capped
    assert page.paginator.count == 13
    assert page.number == 7
    assert len(page.object_list) == 1
    assert not page.has_next()
    assert "13 meldingen" in seventh.content.decode()


@pytest.mark.parametrize("number", ["8", "999", "10000000000000000000000000000", "x"])
def test_a_page_beyond_the_end_shows_a_real_page(
    client, advisor, office_holder, settings, monkeypatch, number
):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 4)
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 2
    _cases(advisor, office_holder, 13)
    client.force_login(advisor)
    response = client.get(QUEUE, {"page": number})
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.number == (1 if number == "x" else 7)
    assert len(page.object_list) == (2 if number == "x" else 1)


def test_an_empty_queue_beyond_the_end(client, advisor, settings):
    client.force_login(advisor)
    response = client.get(QUEUE, {"page": 40})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
