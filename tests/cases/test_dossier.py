"""The printed case file: a PDF of the whole case, marked "Vertrouwelijk" with the
reference, the date and who printed it on every page; for the case's advisors only;
an event in the access log; an attachment nobody stores."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services.notes import note_add
from cases.views.dossier import dossier_document
from cases.workflow import allowed_actions
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import fresh

pytestmark = pytest.mark.django_db


def page_texts(document) -> list[str]:
    """The text laid out on each page, margin boxes included."""

    def walk(box):
        text = getattr(box, "text", None)
        if isinstance(text, str):
            yield text
        for child in getattr(box, "children", []) or []:
            yield from walk(child)

    return [" ".join(walk(page._page_box)) for page in document.pages]


@pytest.fixture
def long_case(case, advisor):
    for i in range(40):
        note_add(case=case, by=advisor, text=f"Notitie nummer {i}. " * 20)
    return case


def test_every_page_is_marked(long_case, advisor):
    advisor = fresh(advisor)
    document, _shown = dossier_document(
        long_case, advisor, allowed_actions(advisor, long_case)
    )
    texts = page_texts(document)
    assert len(texts) > 2
    today = timezone.localdate()
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli"]
    months += ["augustus", "september", "oktober", "november", "december"]
    date = f"{today.day} {months[today.month - 1]} {today.year}"
    for number, text in enumerate(texts, start=1):
        assert "Vertrouwelijk" in text, number
        assert long_case.reference in text, number
        assert f"Afgedrukt op {date}" in text, number
        assert "Anna Testpersoon (vertrouwenspersoon)" in text, number
        assert f"{number} / {len(texts)}" in text
    assert "vp.anna" not in " ".join(texts)
    assert "GEHEIM-ZIN-42" in " ".join(texts)  # the whole case: its account too


def test_the_pdf_is_an_attachment_nobody_stores(client, case, advisor):
    client.force_login(advisor)
    response = client.get(reverse("cases:dossier_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="dossier-{case.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_printing_is_logged(client, case, advisor):
    client.force_login(advisor)
    client.get(reverse("cases:dossier_pdf", args=[case.pk]))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, case_id=case.pk)
    assert event.actor_id == advisor.pk
    assert event.object_type == "case"
    assert event.detail == "dossier pdf"
    page = client.get(reverse("cases:audit_log", args=[case.pk])).content.decode()
    assert "Anna Testpersoon (vertrouwenspersoon) drukte het dossier af" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("advisor", 200),
        ("colleague", 200),
        ("ambassador_user", 403),  # accepted: reads the case, not the whole of it
        ("other_ambassador", 404),
        ("other_org_advisor", 404),
        ("staff_user", 404),
        ("functional_admin", 404),
        ("privacy_officer", 404),
        ("no_role_user", 404),
        ("superuser", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_print(request, client, accepted_case, who, status):
    user = request.getfixturevalue(who)
    if who == "other_ambassador":
        user = user.user
    if who != "anonymous":
        client.force_login(user)
    response = client.get(reverse("cases:dossier_pdf", args=[accepted_case.pk]))
    assert response.status_code == status
    printed = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert printed.exists() == (status == 200)


def test_an_offered_ambassador_may_not_print(client, handed_case, ambassador):
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:dossier_pdf", args=[handed_case.pk]))
    assert response.status_code == 403


def test_only_get(client, case, advisor):
    client.force_login(advisor)
    response = client.post(reverse("cases:dossier_pdf", args=[case.pk]))
    assert response.status_code == 405


def test_the_print_link_is_for_advisors_only(
    client, accepted_case, advisor, ambassador
):
    url = reverse("cases:dossier_pdf", args=[accepted_case.pk])
    client.force_login(advisor)
    assert (
        url
        in client.get(reverse("cases:detail", args=[accepted_case.pk])).content.decode()
    )
    client.force_login(ambassador.user)
    assert (
        url
        not in client.get(
            reverse("cases:detail", args=[accepted_case.pk])
        ).content.decode()
    )
