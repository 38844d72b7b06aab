"""The note form opens with its kind chosen: a note, or a contact with ?kind=contact."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "checked"), [("", "notitie"), ("?kind=contact", "contact")]
)
def test_the_note_form_opens_with_a_kind_checked(client, advisor, case, query, checked):
    client.force_login(advisor)
    response = client.get(reverse("cases:note_add", args=[case.pk]) + query)
    html = response.content.decode()
    assert f'value="{checked}" checked' in html
    assert html.count(" checked") == 1
