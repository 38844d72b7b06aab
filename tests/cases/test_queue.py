"""The advisor's triage queue: views, filters, sort, search, paging, query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import Category, Status, Urgency
from cases.models import Case
from tests.factories import GemeenteFactory, recorded_case

pytestmark = pytest.mark.django_db

QUEUE = "/meldingen/"


def search(client, data: dict):
    """The queue after a search: the term is POSTed (never in a URL) and the
    results are shown at the URL the POST redirects to (the filters and a token)."""
    response = client.post(QUEUE, data)
    assert response.status_code == 302
    assert "q=" not in response["Location"]
    return client.get(response["Location"])


def refs(response):
    return [case.reference for case in response.context["cases"]]


def test_queue_url_is_stable():
    assert reverse("cases:queue") == QUEUE


def test_queue_shows_own_organisation_only(
    client, advisor, case, other_org_advisor, other_organisation
):
    from cases.models import OfficeHolder

    holder = OfficeHolder.objects.create(
        organisation=other_organisation,
        name="Iemand Anders",
        office="wethouder",
        gemeente=case.office_holder.gemeente,
    )
    other = recorded_case(other_org_advisor, holder)
    client.force_login(advisor)
    response = client.get(QUEUE)
    assert refs(response) == [case.reference]
    assert other.reference not in response.content.decode()


@pytest.mark.parametrize(
    "role", ["ambassador", "staff_user", "functional_admin", "superuser"]
)
def test_queue_is_for_advisors_only(client, request, role, case):
    user = request.getfixturevalue(role)
    client.force_login(getattr(user, "user", user))
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert case.reference not in response.content.decode()


def test_mine_and_unassigned_views(client, advisor, colleague, office_holder):
    mine = recorded_case(advisor, office_holder)
    theirs = recorded_case(advisor, office_holder, owner=colleague)
    nobody = recorded_case(advisor, office_holder, owner=None)
    client.force_login(advisor)
    assert refs(client.get(QUEUE, {"view": "mine"})) == [mine.reference]
    assert refs(client.get(QUEUE, {"view": "unassigned"})) == [nobody.reference]
    assert set(refs(client.get(QUEUE))) == {
        mine.reference,
        theirs.reference,
        nobody.reference,
    }


def test_closed_cases_leave_the_open_views(client, advisor, office_holder):
    from cases.services.case import case_close

    open_case = recorded_case(advisor, office_holder)
    closed = recorded_case(advisor, office_holder)
    case_close(case=closed, by=advisor, outcome="Opgelost")
    client.force_login(advisor)
    assert refs(client.get(QUEUE)) == [open_case.reference]
    assert refs(client.get(QUEUE, {"view": "closed"})) == [closed.reference]


def test_filter_by_category_urgency_and_status(client, advisor, office_holder):
    threat = recorded_case(
        advisor, office_holder, category=Category.THREAT, urgency=Urgency.ACUTE
    )
    recorded_case(
        advisor, office_holder, category=Category.INTIMIDATION, urgency=Urgency.ACUTE
    )
    recorded_case(advisor, office_holder, category=Category.THREAT, urgency=Urgency.LOW)
    client.force_login(advisor)
    response = client.get(QUEUE, {"category": "bedreiging", "urgency": "4"})
    assert refs(response) == [threat.reference]
    response = client.get(QUEUE, {"status": Status.TRIAGE})
    assert refs(response) == []


def test_filter_by_region(client, advisor, office_holder, other_region):
    from cases.models import OfficeHolder

    south = OfficeHolder.objects.create(
        organisation=office_holder.organisation,
        name="Zuidelijk Raadslid",
        office="raadslid",
        gemeente=GemeenteFactory(region=other_region, name="Zuidstad"),
    )
    recorded_case(advisor, office_holder)
    southern = recorded_case(advisor, south)
    client.force_login(advisor)
    assert refs(client.get(QUEUE, {"region": other_region.pk})) == [southern.reference]


def test_filter_by_reported_date(client, advisor, office_holder):
    old = recorded_case(
        advisor, office_holder, reported_at=timezone.now() - timedelta(days=40)
    )
    recorded_case(advisor, office_holder)
    client.force_login(advisor)
    upto = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert refs(client.get(QUEUE, {"date_to": upto})) == [old.reference]


def test_search_by_reference_and_by_name(client, advisor, office_holder):
    from cases.models import OfficeHolder

    other = OfficeHolder.objects.create(
        organisation=office_holder.organisation,
        name="Henk Wethouder",
        office="wethouder",
        gemeente=office_holder.gemeente,
    )
    first = recorded_case(advisor, office_holder)
    second = recorded_case(advisor, other)
    client.force_login(advisor)
    assert refs(search(client, {"q": first.reference})) == [first.reference]
    assert refs(search(client, {"q": "henk"})) == [second.reference]


def test_sort_by_urgency(client, advisor, office_holder):
    low = recorded_case(advisor, office_holder, urgency=Urgency.LOW)
    acute = recorded_case(advisor, office_holder, urgency=Urgency.ACUTE)
    normal = recorded_case(advisor, office_holder, urgency=Urgency.NORMAL)
    client.force_login(advisor)
    response = client.get(QUEUE, {"sort": "-urgency"})
    assert refs(response) == [acute.reference, normal.reference, low.reference]
    response = client.get(QUEUE, {"sort": "urgency"})
    assert refs(response) == [low.reference, normal.reference, acute.reference]


def test_pagination(client, advisor, office_holder, settings):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 2
    made = [recorded_case(advisor, office_holder) for _ in range(5)]
    client.force_login(advisor)
    page3 = client.get(QUEUE, {"page": 3, "sort": "reported"})
    assert refs(page3) == [made[4].reference]
    assert page3.context["page_obj"].paginator.num_pages == 3


def test_invalid_filters_are_ignored_not_an_error(client, advisor, case):
    client.force_login(advisor)
    response = client.get(
        QUEUE,
        {
            "urgency": "99",
            "region": "abc",
            "date_from": "gisteren",
            "page": "-1",
            "q": "a\x00b",
        },
    )
    assert response.status_code == 200


def test_htmx_request_returns_only_the_results(client, advisor, case):
    client.force_login(advisor)
    response = client.get(QUEUE, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert case.reference.encode() in response.content


def test_queue_shows_age_and_owner(client, advisor, case):
    client.force_login(advisor)
    content = client.get(QUEUE).content.decode()
    assert "Anna" in content  # the owner's name


@pytest.mark.parametrize("rows", [5, 200])
def test_queue_runs_a_constant_number_of_queries(
    client, advisor, office_holder, rows, django_assert_max_num_queries, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 250
    Case.objects.bulk_create(
        Case(
            organisation=office_holder.organisation,
            office_holder=office_holder,
            channel="telefoon",
            category="bedreiging",
            occurred_on=timezone.localdate(),
            urgency=2,
            account="x",
            owner=advisor,
        )
        for _ in range(rows)
    )
    client.force_login(advisor)
    # + the advisor's own follow-ups due within a day (one query, full page only).
    with django_assert_max_num_queries(11):
        response = client.get(QUEUE, {"category": "bedreiging"})
    assert len(response.context["cases"]) == rows


@pytest.mark.parametrize("language", ["nl", "en"])
def test_queue_labels_are_the_models_display_values(advisor, office_holder, language):
    from django.utils import translation

    from cases.selectors import with_labels

    made = [
        recorded_case(advisor, office_holder, category=category, urgency=urgency)
        for category, urgency in zip(Category.values, Urgency.values, strict=False)
    ]
    Case.objects.filter(pk=made[0].pk).update(category="", intake_complete=False)
    Case.objects.filter(pk=made[1].pk).update(status=Status.TRIAGE)
    with translation.override(language):
        for case in with_labels(Case.objects.select_related("office_holder")):
            assert case.category_label == case.get_category_display()
            assert case.urgency_label == case.get_urgency_display()
            assert case.status_label == case.get_status_display()
            assert case.office_label == case.office_holder.get_office_display()


@pytest.mark.parametrize(
    "value", ["abc", "²", "1\x00", "999999", "99999999999999999999"]
)
def test_region_filter_refuses_what_is_not_a_region(region, value):
    from cases.forms.queue import QueueFilterForm

    form = QueueFilterForm({"region": value})
    assert not form.is_valid()
    assert list(form.errors) == ["region"]
    form = QueueFilterForm({"region": str(region.pk)})
    assert form.is_valid()
    assert form.cleaned_data["region"] == region


def test_region_filter_reads_the_regions_once(client, advisor, case, region):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(advisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, {"region": region.pk})
    assert refs(response) == [case.reference]
    # One plain query fills the select and validates the choice.
    sql = [query["sql"] for query in queries]
    assert len([q for q in sql if 'FROM "regions_region"' in q]) == 1
    assert not [q for q in sql if q.startswith("DECLARE")]


def test_queue_leaves_the_encrypted_text_in_the_database(client, advisor, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case.immediate_danger = True
    case.save(update_fields=["immediate_danger"])
    client.force_login(advisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert refs(response) == [case.reference]
    assert [c.reference for c in response.context["flagged"]] == [case.reference]
    encrypted = ("account", "outcome", "location", "immediate_needs", "told_instead")
    assert {f.name for f in Case._meta.fields} >= set(encrypted)
    for query in queries:
        for name in encrypted:
            assert f'"cases_case"."{name}"' not in query["sql"]


def test_search_by_gemeente_and_for_nobody(
    client, advisor, office_holder, other_region, django_assert_max_num_queries
):
    from cases.models import OfficeHolder

    south = OfficeHolder.objects.create(
        organisation=office_holder.organisation,
        name="Zuidelijk Raadslid",
        office="raadslid",
        gemeente=GemeenteFactory(region=other_region, name="Zuidstad"),
    )
    recorded_case(advisor, office_holder)
    southern = recorded_case(advisor, south)
    client.force_login(advisor)
    assert refs(search(client, {"q": "uidsta"})) == [southern.reference]
    location = client.post(QUEUE, {"q": "niemand"})["Location"]
    with django_assert_max_num_queries(10):
        response = client.get(location)
    assert refs(response) == []
    assert response.context["page_obj"].paginator.count == 0


def test_search_does_not_reach_another_organisations_cases(
    client, advisor, case, other_org_advisor, other_organisation
):
    from cases.models import OfficeHolder

    holder = OfficeHolder.objects.create(
        organisation=other_organisation,
        name="Gerda Elders",
        office="wethouder",
        gemeente=case.office_holder.gemeente,
    )
    other = recorded_case(other_org_advisor, holder)
    client.force_login(advisor)
    assert refs(search(client, {"q": "gerda"})) == [case.reference]
    assert refs(search(client, {"q": other.reference})) == []
    assert refs(search(client, {"q": "teststad"})) == [case.reference]


@pytest.mark.parametrize("listed", [500, 1, 0])
def test_search_finds_the_same_by_id_list_and_by_name(
    client, advisor, office_holder, other_region, monkeypatch, listed
):
    """Few matching office holders: the cases are filtered on their ids; many: on
    the names (``selectors.SEARCH_LISTED_HOLDERS``). Both find the same cases."""
    from cases import selectors
    from cases.models import OfficeHolder

    monkeypatch.setattr(selectors, "SEARCH_LISTED_HOLDERS", listed)
    south = OfficeHolder.objects.create(
        organisation=office_holder.organisation,
        name="Zuidelijk Raadslid",
        office="raadslid",
        gemeente=GemeenteFactory(region=other_region, name="Zuidstad"),
    )
    north = recorded_case(advisor, office_holder)
    southern = recorded_case(advisor, south)
    client.force_login(advisor)
    assert refs(search(client, {"q": "zuid"})) == [southern.reference]
    assert refs(search(client, {"q": "raadslid"})) == [
        southern.reference,
        north.reference,
    ]
    assert refs(search(client, {"q": "TESTSTAD"})) == [north.reference]
    assert refs(search(client, {"q": north.reference})) == [north.reference]
    assert refs(search(client, {"q": "niemand"})) == []
