"""Writes of the ambassador network: hours, unavailability, meetings, and the
recruitment flow from application to appointment. Keyword-only; each checks the
role it needs (the views check it too) and raises ``ValidationError`` with a
translatable message."""

import zipfile
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from ambassadors.constants import Activity, ApplicationStatus, MeetingKind
from ambassadors.models import (
    Application,
    Interview,
    Invitation,
    Meeting,
    TimeEntry,
    Vacancy,
)
from cases.constants import HandoffStatus
from core import voice
from core.models import Organisation
from core.permissions import Feature, can_use, require_feature
from network.models import Ambassador, Unavailability
from security import approvals
from signals.models import ReturnDay


def ambassador_of(user) -> Ambassador | None:
    if not can_use(user, Feature.AMBASSADOR_SELF):
        return None
    return Ambassador.objects.active().filter(user=user).first()


# --- time and availability -----------------------------------------------------------


@transaction.atomic
def time_log(*, by, worked_on: date, hours, activity: str, case=None) -> TimeEntry:
    """An ambassador logs their own hours. Case work names a case that is (or was)
    handed to them and accepted; other activities name no case."""
    ambassador = ambassador_of(by)
    if ambassador is None:
        raise PermissionDenied
    if worked_on > timezone.localdate():
        raise ValidationError({"worked_on": _("Hours cannot be logged in advance.")})
    if activity == Activity.CASE:
        if case is None:
            raise ValidationError({"case": _("Choose the case you worked on.")})
        if not case.handoffs.filter(
            ambassador=ambassador, status=HandoffStatus.ACCEPTED
        ).exists():
            raise ValidationError({"case": _("Choose one of your own cases.")})
    elif case is not None:
        raise ValidationError({"case": _("Only case support is logged on a case.")})
    entry = TimeEntry(
        ambassador=ambassador,
        worked_on=worked_on,
        hours=hours,
        activity=activity,
        case=case,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def time_delete(*, entry: TimeEntry, by) -> None:
    if entry.ambassador.user_id != by.pk:
        raise PermissionDenied
    entry.delete()


@transaction.atomic
def unavailability_add(*, by, starts_on: date, ends_on: date) -> Unavailability:
    """An ambassador marks themselves unavailable: no handoff proposals then."""
    ambassador = ambassador_of(by)
    if ambassador is None:
        raise PermissionDenied
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    if ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("This period is already over.")})
    return Unavailability.objects.create(
        ambassador=ambassador, starts_on=starts_on, ends_on=ends_on
    )


@transaction.atomic
def unavailability_delete(*, period: Unavailability, by) -> None:
    if period.ambassador.user_id != by.pk:
        raise PermissionDenied
    period.delete()


# --- meetings -------------------------------------------------------------------------


@transaction.atomic
def meeting_save(*, meeting: Meeting, by) -> Meeting:
    """Save a meeting. A landelijke terugkomdag is also planned as a signals return
    day, so the anonymised signal report is prepared before it (signals beat job)."""
    require_feature(by, Feature.NETWORK_MANAGE)
    meeting.full_clean()
    meeting.save()
    if meeting.kind == MeetingKind.RETURN_DAY:
        ReturnDay.objects.get_or_create(
            date=meeting.held_on, defaults={"name": meeting.title}
        )
    return meeting


@transaction.atomic
def invite(*, meeting: Meeting, ambassadors, by) -> int:
    """Invite ambassadors (idempotent: who is invited stays invited once)."""
    require_feature(by, Feature.NETWORK_MANAGE)
    existing = set(meeting.invitations.values_list("ambassador_id", flat=True))
    new = [
        Invitation(meeting=meeting, ambassador=a)
        for a in ambassadors
        if a.pk not in existing
    ]
    Invitation.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def attendance_record(*, meeting: Meeting, attended: dict[int, bool | None], by):
    """``attended`` maps invitation ids of this meeting to True, False or None."""
    require_feature(by, Feature.NETWORK_MANAGE)
    if meeting.held_on > timezone.localdate() and any(
        v is not None for v in attended.values()
    ):
        raise ValidationError(_("Attendance is recorded on or after the meeting day."))
    invitations = {i.pk: i for i in meeting.invitations.select_for_update()}
    changed = []
    for pk, value in attended.items():
        invitation = invitations.get(pk)
        if invitation is None:
            raise ValidationError(_("Unknown invitation."))
        if invitation.attended != value:
            invitation.attended = value
            changed.append(invitation)
    Invitation.objects.bulk_update(changed, ["attended"])
    return len(changed)


# --- recruitment ----------------------------------------------------------------------


def sniff_cv(upload) -> str:
    """ "pdf" or "docx", decided by the file's content (not its name or the browser's
    content type); raises ``ValidationError`` for anything else or a file too large."""
    if upload.size > settings.KLANKBORD_CV_MAX_BYTES:
        raise ValidationError(
            _("The CV is larger than %(size)s MB.")
            % {"size": settings.KLANKBORD_CV_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    name = (upload.name or "").lower()
    if head.startswith(b"%PDF-") and name.endswith(".pdf"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and name.endswith(".docx"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    raise ValidationError(_("Upload the CV as a PDF or Word (.docx) file."))


@transaction.atomic
def application_submit(*, vacancy: Vacancy, data: dict, cv, today=None) -> Application:
    """Anyone may apply until and including the closing date; after it the
    application is refused and nothing is stored."""
    today = today or timezone.localdate()
    if not vacancy.is_open(today):
        raise ValidationError(
            _(
                "Applications for this vacancy closed on %(date)s; yours has not "
                "been received."
            )
            % {"date": voice.page_date(vacancy.closes_on)}
        )
    kind = sniff_cv(cv)
    application = Application(vacancy=vacancy, cv_kind=kind, **data)
    application.cv.save("cv", cv, save=False)
    try:
        application.full_clean(exclude=["cv"])
        application.save()
    except Exception:
        application.cv.delete(save=False)
        raise
    return application


@transaction.atomic
def interview_record(*, application: Application, data: dict, by) -> Interview:
    require_feature(by, Feature.SELECTION)
    if application.status in (ApplicationStatus.APPOINTED, ApplicationStatus.REJECTED):
        raise ValidationError(_("A decision has been taken on this application."))
    interview, _created = Interview.objects.update_or_create(
        application=application, defaults={**data, "recorded_by": by}
    )
    application.status = ApplicationStatus.INTERVIEW
    application.save(update_fields=["status"])
    return interview


def _username_for(email: str) -> str:
    base = email.split("@", 1)[0].lower()[:20] or "ambassadeur"
    username = f"amb.{base}"
    while User.objects.filter(username=username).exists():
        username = f"amb.{base}.{get_random_string(4).lower()}"
    return username


@transaction.atomic
def application_appoint(*, application: Application, regions, by) -> Ambassador:
    """Appoint the applicant as regioambassadeur for ``regions`` (at least the
    vacancy's region): a user account (found by e-mail address or made, without a
    usable password: they set one through the password reset) and an ``Ambassador``
    row. The ambassador role and the membership of the association are *requested*
    (``security.approvals``): they take effect only when a functional admin other
    than the committee member approves them, and until then the appointee cannot be
    handed a case or read one (four eyes on access)."""
    require_feature(by, Feature.SELECTION)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.INTERVIEW:
        raise ValidationError(
            _("Only an applicant who had the interview can be appointed.")
        )
    association = Organisation.objects.get(is_default=True)
    user = User.objects.filter(email__iexact=application.email).first()
    if user is None:
        user = User(
            username=_username_for(application.email),
            email=application.email,
            first_name=application.first_name,
            last_name=application.last_name,
        )
        user.set_unusable_password()
        user.save()
    approvals.request_appointment_access(by=by, subject=user, organisation=association)
    ambassador, _created = Ambassador.objects.get_or_create(
        user=user, defaults={"organisation": association, "phone": application.phone}
    )
    if not ambassador.is_active:
        ambassador.is_active = True
        ambassador.save(update_fields=["is_active"])
    ambassador.regions.add(application.vacancy.region, *regions)
    application.status = ApplicationStatus.APPOINTED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.ambassador = ambassador
    application.save(update_fields=["status", "decided_at", "decided_by", "ambassador"])
    return ambassador


@transaction.atomic
def application_reject(*, application: Application, by) -> None:
    require_feature(by, Feature.SELECTION)
    if application.status == ApplicationStatus.APPOINTED:
        raise ValidationError(_("This applicant has been appointed."))
    application.status = ApplicationStatus.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "decided_at", "decided_by"])


def applications_to_purge(*, now=None):
    """Applications of people not appointed, past the retention period: counted
    from the decision, or (undecided) from the vacancy's closing date."""
    now = now or timezone.now()
    days = settings.KLANKBORD_APPLICATION_RETENTION_DAYS
    cutoff = now - timedelta(days=days)
    return Application.objects.exclude(status=ApplicationStatus.APPOINTED).filter(
        Q(decided_at__lt=cutoff)
        | Q(decided_at__isnull=True, vacancy__closes_on__lt=cutoff.date())
    )


def purge_applications(*, now=None) -> int:
    """Delete those applications, their interviews and their CV files. Idempotent:
    a second run finds nothing; a file already gone is no error."""
    purged = 0
    for pk in list(applications_to_purge(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(skip_locked=True)
                .filter(pk=pk)
                .first()
            )
            if application is None:
                continue
            name = application.cv.name
            storage = application.cv.storage
            application.delete()
            if name:
                transaction.on_commit(lambda n=name, s=storage: s.delete(n))
            purged += 1
    return purged
