"""The seeded world of the security tests (tests/security): one user per role and one
object of each kind, for the authorisation matrix, the CSRF walk and the fuzzing; and
the walk over every URL the resolver knows."""

import re

from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ambassadors.models import Application, Invitation, Meeting, TimeEntry, Vacancy
from cases.constants import ConsentPurpose, ReferralKind
from cases.models import ReopenRequest
from cases.services.referrals import referral_create
from core import heartbeats
from core.constants import Role
from network.models import Unavailability
from security import approvals
from security import services as security_services
from signals import constants as sc
from signals import releases
from signals.models import (
    ProcessFeedback,
    Report,
    ReturnDay,
    Signal,
    StatisticsRelease,
)
from tests.conftest import VerifiedClient, named_user
from tests.factories import (
    OrganisationFactory,
    PartnerFactory,
    UserFactory,
    consent_given,
    default_organisation,
)


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


# --- the URLs -------------------------------------------------------------------------


def walk(patterns, prefix="", namespace=None):
    """(name, route) of every URL pattern under ``patterns``, namespaced names."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (
                f"{namespace}:{pattern.name}" if namespace else pattern.name
            )
            yield name, prefix + str(pattern.pattern)


def project_urls(skip_prefixes=()) -> list[tuple[str | None, str]]:
    """(name, route) of every URL the resolver knows, but those under a prefix."""
    return [
        (name, route)
        for name, route in walk(get_resolver().url_patterns)
        if not any(route.startswith(prefix) for prefix in skip_prefixes)
    ]


def url_for(name, route, objects, obj) -> str:
    """The URL ``name`` filled with the world's object of kind ``obj``."""
    if "<" not in route:
        return reverse(name)
    assert obj, f"{name}: say which object <pk> is (Policy(obj=...))"
    value = objects[obj]
    if isinstance(value, dict):
        return reverse(name, kwargs=value)
    kwargs = dict.fromkeys(re.findall(r"<(?:\w+:)?(\w+)>", route), value)
    return reverse(name, kwargs=kwargs)


# --- the people and the objects -------------------------------------------------------


def build_world(fixture, tmp_path, monkeypatch) -> tuple[dict, dict]:
    """The users of the authorisation matrix's roles (tests/security/url_policies.py)
    and one object of each kind: (role -> user, kind -> pk or URL kwargs).
    ``fixture`` is ``request.getfixturevalue``."""
    advisor = fixture("advisor")
    functional_admin = fixture("functional_admin")
    no_role_user = fixture("no_role_user")
    ambassador = fixture("ambassador")
    case = fixture("accepted_case")
    office_holder = fixture("office_holder")
    region = fixture("region")
    consent_given(
        case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    referral = referral_create(
        case=case, by=advisor, kind=ReferralKind.LEGAL, partner="Advocaat"
    )
    brk = security_services.confidentiality_break_request(
        case=case,
        by=advisor,
        ground="levensgevaar",
        legal_basis="vitaal-belang",
        disclosed_to="Huisarts",
        reason="reden",
    )
    users = {
        "no_role": no_role_user,
        # The case's advisor, with only the password given (see ``clients_for``).
        "password_only": advisor,
        "inactive": fixture("inactive_advisor"),
        "vp_case": advisor,
        "vp_colleague": fixture("colleague"),
        "vp_other": fixture("other_org_advisor"),
        "vp_party": named_user(
            "vp.partij2",
            advisor=True,
            organisation=OrganisationFactory(party=True),
        ),
        "amb_case": User.objects.get(pk=ambassador.user_id),
        "amb_other": User.objects.get(pk=fixture("other_ambassador").user_id),
        "staff": fixture("staff_user"),
        "admin": functional_admin,
        "privacy": fixture("privacy_officer"),
        "committee": UserFactory(
            username="sel.gijs", selection=True, organisation=case.organisation
        ),
    }
    objects = {
        "case": case.pk,
        "consent": case.consents.get(purpose=ConsentPurpose.HANDOFF).pk,
        "handoff": case.handoffs.get().pk,
        "referral": referral.pk,
        "break": brk.pk,
        "holder": office_holder.pk,
        "gemeente": {"code": office_holder.gemeente.code},
        "province": {"code": office_holder.gemeente.province.code},
        "csv": {"fmt": "csv"},
        "account": no_role_user.pk,
        "password_link": {"uidb64": "MA", "token": "geen-geldig-token"},
        "access_request": approvals.request_role_change(
            by=functional_admin, subject=no_role_user, role=Role.STAFF, grant=True
        ).pk,
        **signal_objects(case, advisor, users["amb_case"]),
        **network_objects(ambassador, region, tmp_path, monkeypatch),
        **case_file_objects(case, advisor, tmp_path, monkeypatch),
        **inbox_objects(case, advisor),
        "organisation": users["vp_party"].membership.organisation_id,
        "region": office_holder.gemeente.region_id,
        "partner": PartnerFactory(name="Slotenmaker").pk,
        "reopen_request": ReopenRequest.objects.create(
            case=case, requested_by=users["amb_case"], reason="Graag"
        ).pk,
    }
    live_worker_and_beat()
    return users, objects


def live_worker_and_beat() -> None:
    """Fresh heartbeats of a worker and of beat, so /gereed/ answers ready."""
    heartbeats.worker(django_settings.CELERY_BROKER_URL)
    heartbeats.beat(django_settings.CELERY_BROKER_URL)


def clients_for(users, **client_options) -> dict:
    """A signed-in client per role (2FA passed, but for ``password_only``) and one
    for the anonymous visitor."""
    clients = {"anonymous": Client(**client_options)}
    for role, user in users.items():
        if role == "password_only":
            clients[role] = Client(**client_options)
        else:
            clients[role] = VerifiedClient(**client_options)
        clients[role].force_login(user)
    return clients


def writes(ignored=frozenset()) -> dict[str, int]:
    """Rows inserted, updated and deleted so far in this transaction, per table
    (PostgreSQL's own count), but for the tables ``ignored``: compare before and
    after a request to see whether it wrote anything."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del "
            "FROM pg_stat_xact_user_tables"
        )
        return {
            table: count
            for table, count in cursor.fetchall()
            if count and table not in ignored
        }


def written(before: dict, after: dict) -> list[str]:
    """The tables written to between two ``writes``."""
    return sorted(t for t, n in after.items() if n != before.get(t, 0))


def snapshot(ignored=frozenset()) -> dict[str, tuple[int, int]]:
    """Row count and a hash of every row's content, per table of the project (but
    the tables ``ignored``), as this transaction sees them: two equal snapshots mean
    nothing was saved in between (a write that was rolled back leaves none)."""
    from django.apps import apps

    tables = sorted(
        {m._meta.db_table for m in apps.get_models() if m._meta.managed} - set(ignored)
    )
    sql = " UNION ALL ".join(
        # The table names are the models', not input.
        f"SELECT '{t}', count(*), coalesce(sum(hashtext(x::text)::bigint), 0) "  # noqa: S608
        f'FROM "{t}" x'
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


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


def inbox_objects(case, advisor) -> dict:
    """A notification and a planned follow-up of the case's advisor."""
    from datetime import timedelta

    from django.utils import timezone

    from cases.constants import FollowUpKind, NotificationKind
    from cases.services import followups, notifications

    notification = notifications.notify(
        advisor, NotificationKind.HANDOFF_ACCEPTED, case
    )
    follow_up = followups.follow_up_add(
        case=case,
        by=advisor,
        kind=FollowUpKind.NEXT_CONTACT,
        due_at=timezone.now() + timedelta(days=2),
        owner=advisor,
    )
    return {"notification": notification.pk, "follow_up": follow_up.pk}
