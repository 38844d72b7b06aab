"""Recruitment: the public application form, CV checks and private storage, the
selection committee's interview and decision, and the purge of old applications."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ambassadors import services
from ambassadors.constants import ApplicationStatus
from ambassadors.models import Application, Interview
from ambassadors.tasks import purge_applications
from core.constants import AuditAction, Role
from core.models import AuditEvent, Membership
from network.models import Ambassador

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()


FORM = {
    "first_name": "Fenna",
    "last_name": "Fictief",
    "email": "fenna@example.org",
    "phone": "",
    "motivation": "Ik was acht jaar raadslid en wil collega's steunen.",
}


def _apply(client, vacancy, name="cv.pdf", content=PDF):
    data = dict(FORM, cv=SimpleUploadedFile(name, content))
    return client.post(reverse("ambassadors:vacancy_detail", args=[vacancy.pk]), data)


def test_application_with_pdf_is_stored_privately(client, vacancy, private_dir):
    response = _apply(client, vacancy)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.cv_kind == "pdf"
    stored = private_dir / application.cv.name
    # Sealed at rest: the file holds no plaintext of the CV.
    assert stored.read_bytes().startswith(b"kb1:")
    assert b"%PDF" not in stored.read_bytes()
    assert application.cv.read_plain() == PDF
    assert "cv.pdf" not in application.cv.name  # never the uploaded name
    assert not str(stored).startswith(str(settings.STATIC_ROOT))


def test_application_with_docx_is_accepted(client, vacancy, private_dir):
    assert _apply(client, vacancy, "cv.docx", make_docx()).status_code == 302
    assert Application.objects.get().cv_kind == "docx"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"MZ\x90\x00 not a pdf"),  # a renamed executable
        ("cv.docx", make_zip()),  # a zip, but no Word document
        ("cv.docx", PDF),  # a PDF named .docx
        ("cv.exe", PDF),  # a PDF with another name
        ("cv.txt", b"plain text"),
    ],
)
def test_only_real_pdf_or_docx_is_accepted(client, vacancy, private_dir, name, content):
    response = _apply(client, vacancy, name, content)
    assert response.status_code == 400
    assert not Application.objects.exists()
    assert not any(private_dir.rglob("*.*")) if private_dir.exists() else True


def test_too_large_cv_is_refused(client, vacancy, private_dir, settings):
    settings.KLANKBORD_CV_MAX_BYTES = 20
    response = _apply(client, vacancy)
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_application_after_closing_date_is_refused_with_a_message(
    client, vacancy, private_dir
):
    vacancy.closes_on = timezone.localdate() - timedelta(days=1)
    vacancy.save()
    response = _apply(client, vacancy)
    assert response.status_code == 400
    assert not Application.objects.exists()
    text = response.content.decode()
    assert "uw sollicitatie is niet ontvangen" in text


def test_application_on_the_closing_date_is_accepted(client, vacancy, private_dir):
    vacancy.closes_on = timezone.localdate()
    vacancy.save()
    assert _apply(client, vacancy).status_code == 302


def test_service_refuses_after_closing_date(vacancy, private_dir):
    with pytest.raises(ValidationError):
        services.application_submit(
            vacancy=vacancy,
            data=FORM,
            cv=SimpleUploadedFile("cv.pdf", PDF),
            today=vacancy.closes_on + timedelta(days=1),
        )


@pytest.fixture
def application(vacancy, private_dir):
    return services.application_submit(
        vacancy=vacancy, data=FORM, cv=SimpleUploadedFile("cv.pdf", PDF)
    )


def test_committee_downloads_the_cv(client, selection_member, application):
    client.force_login(selection_member)
    response = client.get(reverse("ambassadors:application_cv", args=[application.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_each_cv_download_is_in_the_access_log(client, selection_member, application):
    client.force_login(selection_member)
    client.get(reverse("ambassadors:application_cv", args=[application.pk]))
    event = AuditEvent.objects.get(object_type="application", object_id=application.pk)
    assert event.actor == selection_member
    assert event.action == AuditAction.EXPORT
    assert event.actor_role == Role.SELECTION


@pytest.mark.parametrize(
    "role", ["coordinator", "advisor", "ambassador_user", "functional_admin"]
)
def test_nobody_else_gets_the_cv_or_the_application(client, request, application, role):
    client.force_login(request.getfixturevalue(role))
    for name in ("application_cv", "application_detail"):
        url = reverse(f"ambassadors:{name}", args=[application.pk])
        assert client.get(url).status_code == 403
    assert client.get(reverse("ambassadors:application_list")).status_code == 403


SCORES = {
    "held_on": "2026-06-01",
    "neutral": "4",
    "integer": "5",
    "experience": "3",
    "resilience": "4",
    "empathy": "5",
    "notes": "Sterk in luisteren.",
}


def test_interview_scores_the_five_competences(client, selection_member, application):
    client.force_login(selection_member)
    url = reverse("ambassadors:application_detail", args=[application.pk])
    assert client.post(url, SCORES).status_code == 302
    interview = Interview.objects.get(application=application)
    assert interview.total == 21
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW


def test_interview_score_out_of_range_is_refused(client, selection_member, application):
    client.force_login(selection_member)
    url = reverse("ambassadors:application_detail", args=[application.pk])
    assert client.post(url, dict(SCORES, empathy="9")).status_code == 400
    assert not Interview.objects.exists()


def test_appointment_makes_an_ambassador_for_the_regions(
    client, selection_member, application, other_region
):
    client.force_login(selection_member)
    client.post(
        reverse("ambassadors:application_detail", args=[application.pk]), SCORES
    )
    response = client.post(
        reverse("ambassadors:application_decide", args=[application.pk]),
        {"decision": "appoint", "regions": [other_region.pk], "confirmed": "1"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="fenna@example.org")
    assert not user.has_usable_password()
    # Role and membership wait for a second person (tests/ambassadors/
    # test_network_appointment.py).
    assert not user.groups.filter(name=Role.AMBASSADOR).exists()
    assert not Membership.objects.filter(user=user).exists()
    ambassador = Ambassador.objects.get(user=user)
    assert set(ambassador.regions.all()) == {application.vacancy.region, other_region}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPOINTED
    assert application.ambassador == ambassador


def test_appointment_without_interview_is_refused(selection_member, application):
    with pytest.raises(ValidationError):
        services.application_appoint(
            application=application, regions=[], by=selection_member
        )
    assert not Ambassador.objects.filter(user__email="fenna@example.org").exists()


def test_only_the_committee_decides(coordinator, application):
    with pytest.raises(services.PermissionDenied):
        services.application_reject(application=application, by=coordinator)


def test_purge_deletes_old_applications_not_appointed_and_their_files(
    application, selection_member, private_dir, django_capture_on_commit_callbacks
):
    services.application_reject(application=application, by=selection_member)
    stored = private_dir / application.cv.name
    later = timezone.now() + timedelta(
        days=settings.KLANKBORD_APPLICATION_RETENTION_DAYS + 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_applications(now=later) == 1
    assert not Application.objects.exists()
    assert not stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_applications(now=later) == 0  # idempotent


def test_purge_keeps_recent_and_appointed_applications(
    application, vacancy, selection_member, private_dir
):
    services.application_reject(application=application, by=selection_member)
    assert services.purge_applications() == 0  # within the retention period
    application.status = ApplicationStatus.APPOINTED
    application.save()
    later = timezone.now() + timedelta(days=400)
    assert services.purge_applications(now=later) == 0
    assert Application.objects.exists()


def test_purge_counts_undecided_applications_from_the_closing_date(
    application, private_dir, settings
):
    settings.KLANKBORD_APPLICATION_RETENTION_DAYS = 0
    vacancy = application.vacancy
    vacancy.closes_on = timezone.localdate() - timedelta(days=2)
    vacancy.save()
    assert purge_applications() == 1


def test_public_vacancy_list_shows_only_open_vacancies(client, vacancy):
    closed = type(vacancy).objects.create(
        region=vacancy.region,
        title="Gesloten vacature",
        description="x",
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    html = client.get(reverse("ambassadors:vacancy_list")).content.decode()
    assert vacancy.title in html
    assert closed.title not in html


def test_oversized_request_is_refused_before_parsing(client, vacancy, settings):
    settings.KLANKBORD_CV_MAX_BYTES = 10
    big = PDF + b"0" * (70 * 1024)
    response = _apply(client, vacancy, content=big)
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_application_list_query_count_is_constant(
    client, selection_member, vacancy, django_assert_max_num_queries
):
    for n in range(8):
        Application.objects.create(
            vacancy=vacancy,
            first_name=f"A{n}",
            last_name="Fictief",
            email=f"a{n}@example.org",
            motivation="x",
            cv="",
            cv_kind="",
        )
    client.force_login(selection_member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("ambassadors:application_list"))
    assert response.context["page_obj"].paginator.count == 8


def test_a_decision_without_a_choice_says_so_and_changes_nothing(
    client, selection_member, application
):
    client.force_login(selection_member)
    url = reverse("ambassadors:application_decide", args=[application.pk])
    response = client.post(url, {"decision": "weet-niet"}, follow=True)
    assert response.status_code == 200
    assert "Kies benoemen of niet benoemen." in [
        str(m) for m in response.context["messages"]
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_vacancy_region_filter_in_other_digits_is_ignored(client, vacancy):
    """A "²" is a digit to str.isdigit() but not to int(): that was a 500."""
    response = client.get(reverse("ambassadors:vacancy_list"), {"region": "²"})
    assert response.status_code == 200
    assert vacancy.title in response.content.decode()
