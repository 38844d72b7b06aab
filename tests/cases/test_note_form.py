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


@pytest.mark.parametrize(
    ("query", "title"),
    [("", "Notitie toevoegen"), ("?kind=contact", "Vastleggen wat er is gedaan")],
)
def test_the_page_title_says_what_the_link_said(client, advisor, case, query, title):
    """The case page's link "Vastleggen wat er is gedaan" opens a page of that name."""
    client.force_login(advisor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    if query:
        assert f'?kind=contact">{title}</a>' in page
    response = client.get(reverse("cases:note_add", args=[case.pk]) + query)
    html = response.content.decode()
    assert f">{title}</h1>" in html
    assert f"<title>{title}" in html
