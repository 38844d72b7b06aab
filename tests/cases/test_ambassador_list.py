"""The ambassador's own list: only cases handed to them, constant queries."""

import pytest
from django.urls import reverse

from cases.services.handoff import case_handoff, handoff_accept
from tests.factories import consent_given, recorded_case

pytestmark = pytest.mark.django_db

LIST = "/ambassadeur/"


def hand(advisor, ambassador, office_holder, n):
    cases = []
    for _ in range(n):
        case = recorded_case(advisor, office_holder)
        consent_given(case, by=advisor)
        case_handoff(case=case, ambassador=ambassador, by=advisor)
        cases.append(case)
    return cases


def test_list_url_is_stable():
    assert reverse("cases:ambassador_list") == LIST


def test_ambassador_sees_only_cases_handed_to_them(
    client, advisor, ambassador, other_ambassador, office_holder
):
    mine = hand(advisor, ambassador, office_holder, 2)
    theirs = hand(advisor, other_ambassador, office_holder, 1)
    recorded_case(advisor, office_holder)
    client.force_login(ambassador.user)
    response = client.get(LIST)
    listed = {case.pk for case in response.context["cases"]}
    assert listed == {case.pk for case in mine}
    assert theirs[0].reference not in response.content.decode()


def test_filter_awaiting_answer(client, advisor, ambassador, office_holder):
    offered, accepted = hand(advisor, ambassador, office_holder, 2)
    handoff_accept(handoff=accepted.handoffs.get(), by=ambassador.user)
    client.force_login(ambassador.user)
    response = client.get(LIST, {"state": "aangeboden"})
    assert [case.pk for case in response.context["cases"]] == [offered.pk]


@pytest.mark.parametrize("role", ["advisor", "staff_user", "functional_admin"])
def test_list_is_for_ambassadors_only(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(LIST).status_code == 403


@pytest.mark.parametrize("rows", [5, 200])
def test_list_runs_a_constant_number_of_queries(
    client,
    advisor,
    ambassador,
    office_holder,
    rows,
    settings,
    django_assert_max_num_queries,
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 250
    hand(advisor, ambassador, office_holder, rows)
    client.force_login(ambassador.user)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(response.context["cases"]) == rows
