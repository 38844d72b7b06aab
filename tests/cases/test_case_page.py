"""The case page's own reads: a fixed number of queries, none of them a server-side
cursor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_case_page_reads_in_plain_queries(
    client, advisor, colleague, case, django_assert_max_num_queries
):
    client.force_login(advisor)
    url = reverse("cases:detail", args=[case.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert not [q for q in queries if q["sql"].startswith("DECLARE")]
    owners = response.context["assign_form"].fields["owner"]
    assert [label for _value, label in owners.choices][1:] == [
        "Anna Testpersoon",
        "Bert Testpersoon",
    ]
    # Session, user, second factor, roles, organisation, the case and each of its
    # lists (its files included), the audit row (a transaction), the handoff
    # proposal, the advisors, the names and roles of the people on the timeline, the
    # open follow-ups and the timeline's follow-ups (planned and done).
    with django_assert_max_num_queries(23):
        client.get(url)
