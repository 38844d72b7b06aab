"""One object of each kind of the signals app and the ambassador network, for the
authorisation matrix and the fuzzing (tests/security)."""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from ambassadors.models import Application, Invitation, Meeting, TimeEntry, Vacancy
from network.models import Unavailability
from signals import constants as sc
from signals import releases
from signals.models import (
    ProcessFeedback,
    Report,
    ReturnDay,
    Signal,
    StatisticsRelease,
)
from tests.factories import default_organisation


def signal_objects(case, advisor, ambassador_user) -> dict:
    """A signal recorded by ``advisor``, a compiled report, a return day, and pending
    feedback written by ``ambassador_user``: name -> pk (or URL kwargs)."""
    quarter = sc.quarter_of_date(timezone.localdate())
    gemeente = case.office_holder.gemeente
    signal = Signal.objects.create(
        person_key=1,
        category=sc.SignalCategory.THREAT,
        office=sc.SignalOffice.COUNCILLOR,
        province=gemeente.province,
        region=gemeente.region,
        quarter=quarter,
        channel=sc.SignalChannel.ONLINE,
        perpetrator=sc.PerpetratorKind.CITIZEN,
        police=sc.PoliceReport.NONE,
        impact=sc.ImpactLevel.MODERATE,
        consent_given_on=timezone.localdate(),
        recorded_by=advisor,
        organisation=case.organisation,
    )
    queued = releases.request_release(default_organisation(), sc.ReleaseReason.MANUAL)
    releases.compile_release(queued.pk)
    release = StatisticsRelease.objects.get(pk=queued.pk)
    report = Report.objects.create(
        statistics_release=release,
        first_quarter=quarter,
        last_quarter=quarter,
        status=sc.ReportStatus.DONE,
        pdf=b"%PDF-1.7",
        csv=b"x",
        release={
            "number": 1,
            "periods": [],
            "trend": {"key": "trend", "title": "", "period": "", "cells": []},
            "parameters": {"threshold": 10, "max_deviation": 2},
        },
    )
    day = ReturnDay.objects.create(
        date=timezone.localdate() + timezone.timedelta(days=30), name="Terugkomdag"
    )
    feedback = ProcessFeedback.objects.create(
        text="Het overleg liep goed.", quarter=quarter, author=ambassador_user
    )
    return {
        "signal": signal.pk,
        "report": report.pk,
        "report_pdf": {"pk": report.pk, "fmt": "pdf"},
        "release": {"number": release.number},
        "return_day": day.pk,
        "feedback": feedback.pk,
    }


def network_objects(ambassador, region, tmp_path, monkeypatch) -> dict:
    """Hours, an absence and a meeting invitation of ``ambassador``, an open vacancy
    in ``region`` and an application with a PDF CV (stored under ``tmp_path``)."""
    today = timezone.localdate()
    hours = TimeEntry.objects.create(
        ambassador=ambassador, worked_on=today, hours=2, activity="training"
    )
    absence = Unavailability.objects.create(
        ambassador=ambassador, starts_on=today, ends_on=today
    )
    meeting = Meeting.objects.create(
        kind="training", title="Training", held_on=today, place="Utrecht"
    )
    Invitation.objects.create(meeting=meeting, ambassador=ambassador)
    vacancy = Vacancy.objects.create(
        region=region,
        title="Regioambassadeur",
        description="Fictief.",
        closes_on=today + timezone.timedelta(days=7),
    )
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(Application._meta.get_field("cv"), "storage", storage)
    application = Application(
        vacancy=vacancy,
        first_name="Hanna",
        last_name="Sollicitant",
        email="hanna@example.org",
        motivation="Fictief.",
        cv_kind="pdf",
    )
    application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    application.save()
    return {
        "ambassador": ambassador.pk,
        "hours": hours.pk,
        "absence": absence.pk,
        "meeting": meeting.pk,
        "vacancy": vacancy.pk,
        "application": application.pk,
    }


def case_file_objects(case, advisor, tmp_path, monkeypatch) -> dict:
    """An image on ``case`` (so with a thumbnail), stored under ``tmp_path``."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from cases.models import CaseFile
    from cases.services.files import file_add

    storage = FileSystemStorage(location=tmp_path / "private")
    for name in ("content", "thumbnail"):
        monkeypatch.setattr(CaseFile._meta.get_field(name), "storage", storage)
    image = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 0, 0)).save(image, format="PNG")
    case_file = file_add(
        case=case,
        by=advisor,
        upload=SimpleUploadedFile("foto.png", image.getvalue()),
        description="Schermafbeelding.",
    )
    return {"case_file": case_file.pk}
