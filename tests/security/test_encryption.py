"""Encryption at rest, checked from the models: every text, JSON or file column of every
model (``apps.get_models()``) is either encrypted or on an explicit, commented list
below. Each encrypted column is filled through the services with a sentinel of its own,
and neither a real ``pg_dump`` of the test database nor the private file storage holds
any of them. Also: reads after key rotation (values and files), tamper detection."""

import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ambassadors.models import Application, Interview, Vacancy
from ambassadors.services import application_submit, interview_record
from cases import constants as c
from cases.models import Case, CaseFile, Note
from cases.services.advisor import advisor_action_record, case_make_formal_report
from cases.services.case import case_close, case_reopen
from cases.services.consent import consent_record, consent_revoke
from cases.services.files import file_add
from cases.services.handoff import case_handoff, handoff_decline
from cases.services.intake import case_create, hotline_call_create
from cases.services.notes import note_add
from cases.services.police import damage_add, police_report_save
from cases.services.referrals import referral_create, referral_set_outcome
from cases.services.reopen import reopen_request_create
from core import crypto
from core.fields import (
    EncryptedFileField,
    EncryptedTextField,
    reencrypt_files,
    reencrypt_table,
)
from security.services import confidentiality_break_request
from tests.factories import (
    OfficeHolderFactory,
    OrganisationFactory,
    UserFactory,
    fresh,
    handed_off_case,
)

pytestmark = pytest.mark.django_db

# --- the columns that stay plain text ------------------------------------------------

# Not personal: a value from a fixed list (``choices``), a code, a slug, a name of a
# place or an organisation, configuration, or data the application makes itself.
NOT_PERSONAL = {
    # Task leases (core.leases): task names, object keys ("report:12"), the task's
    # arguments (ids), queue names, and the worker holding it ("<host>:<pid>:<token>").
    "core.tasklease.args",
    "core.tasklease.task",
    "core.tasklease.key",
    "core.tasklease.queue",
    "core.tasklease.holder",
    # The inbox and the clocks: choice values only (what kind of notification,
    # follow-up or clock; the e-mail choice "at once / daily / none").
    "cases.clockfiring.clock",
    "cases.followup.kind",
    "cases.notification.kind",
    "cases.notificationsetting.email",
    # Django, django-guardian, django-otp: names of permissions, groups, content
    # types; object ids; session keys; device names chosen by the application.
    "auth.permission.name",
    "auth.permission.codename",
    "auth.group.name",
    "contenttypes.contenttype.app_label",
    "contenttypes.contenttype.model",
    "guardian.userobjectpermission.object_pk",
    "guardian.groupobjectpermission.object_pk",
    "admin.logentry.object_id",
    "sessions.session.session_key",
    "security.usersession.session_key",
    "otp_totp.totpdevice.name",
    "otp_static.staticdevice.name",
    # Secrets that are hashed or must be read in plain by their library: the password
    # hash, the TOTP seed, one-time recovery codes.
    "auth.user.password",
    "otp_totp.totpdevice.key",
    "otp_static.statictoken.token",
    # Signed session data: the user id, the 2FA state, the CSRF token; no case content
    # is ever put into a session.
    "sessions.session.session_data",
    "security.usersession.session_data",
    # Reference data: provinces, regions, gemeenten, organisations.
    "regions.province.code",
    "regions.province.name",
    "regions.region.code",
    "regions.region.name",
    "regions.gemeente.code",
    "regions.gemeente.name",
    "core.organisation.name",
    "core.organisation.slug",
    "core.organisation.kind",
    # The access log: who (username, role), what (action, object type) and a detail
    # that names fields or states, never content (core.audit; the AVG export's request
    # is kept encrypted in cases.SubjectAccessExport and filled below).
    "core.auditevent.actor_username",
    "core.auditevent.actor_role",
    "core.auditevent.action",
    "core.auditevent.object_type",
    "core.auditevent.detail",
    # Choices of a case and everything recorded about it.
    "cases.officeholder.office",
    "cases.case.channel",
    "cases.case.category",
    "cases.case.status",
    "cases.case.phase",
    "cases.case.scope",
    "cases.casehistory.from_status",
    "cases.casehistory.to_status",
    "cases.casehistory.from_phase",
    "cases.casehistory.to_phase",
    "cases.consent.purpose",
    "cases.consent.referral_kind",
    "cases.consent.method",
    "cases.handoff.status",
    # Written by the system only: "consent revoked", "case closed", ...
    "cases.handoff.end_reason",
    "cases.note.kind",
    "cases.note.contact_mode",
    "cases.referral.kind",
    "cases.referral.status",
    "cases.policereport.advice",
    "cases.policereport.action",
    "cases.damage.kind",
    "cases.advisoraction.kind",
    "cases.reopenrequest.status",
    # The expert network's directory: organisations and professionals who offer
    # their help, maintained by functional admins; published to every advisor.
    "cases.partner.name",
    "cases.partner.kind",
    "cases.partner.expertise",
    "cases.partner.availability",
    "cases.partner.availability_note",
    "cases.partner.phone",
    "cases.partner.email",
    # The network's own work: meetings, vacancies (public), time entries.
    "ambassadors.timeentry.activity",
    "ambassadors.meeting.kind",
    "ambassadors.meeting.title",
    "ambassadors.meeting.place",
    "ambassadors.vacancy.title",
    "ambassadors.vacancy.description",
    "ambassadors.application.cv_kind",
    "ambassadors.application.status",
    # Protected figures and their bookkeeping (docs/disclosure.md): counts only.
    "signals.processfeedback.status",
    "signals.returnday.name",
    "signals.report.status",
    "signals.report.parameters",
    "signals.report.release",
    "signals.report.input_digest",
    "signals.report.error",
    # A statistics release: published (perturbed) figures, its parameters, which
    # periods it revised, the per-release salt and keyed digest; nothing per person.
    "signals.statisticsrelease.digest",
    "signals.statisticsrelease.error",
    "signals.statisticsrelease.figures",
    "signals.statisticsrelease.parameters",
    "signals.statisticsrelease.period_versions",
    "signals.statisticsrelease.reason",
    "signals.statisticsrelease.revised_periods",
    "signals.statisticsrelease.salt",
    "signals.statisticsrelease.status",
    "security.retentionrun.counts",
    # OT on Tour: the state of a gemeente's campaign.
    "outreach.gemeentecampaign.outcome",
    "outreach.gemeentecampaign.aggression_protocol",
    "outreach.gemeentecampaign.code_of_conduct",
    "outreach.gemeentecontact.role",
    "outreach.provincecampaign.talk_status",
    # Confidentiality breaks: the ground, the legal basis, the state.
    "security.confidentialitybreak.ground",
    "security.confidentialitybreak.legal_basis",
    "security.confidentialitybreak.status",
    # Four eyes on access (security.approvals): the kind of change, the role asked
    # for and the request's state; who and which organisation are foreign keys.
    "security.accessrequest.kind",
    "security.accessrequest.role",
    "security.accessrequest.status",
    # A file on a case: its type (from a fixed list, decided by the content) and the
    # capacity of who added it.
    "cases.casefile.kind",
    "cases.casefile.added_as",
}

# Personal, and still plain text, each for a reason that encryption would break. Not an
# exemption to grow: a new personal column is encrypted (EncryptedTextField,
# EncryptedCharField, EncryptedFileField), and each of these is a decision to revisit.
PERSONAL_IN_PLAIN_TEXT = {
    # Accounts: login by username; names and e-mail of staff for notices and lists.
    "auth.user.username": "login",
    "auth.user.first_name": "staff names in lists, sorted",
    "auth.user.last_name": "staff names in lists, sorted",
    "auth.user.email": "notification e-mails",
    "network.ambassador.phone": "an ambassador's work phone, shown to advisors",
    # The office holder: the triage queue searches the name in SQL
    # (docs/security.md); a blind index would be needed to encrypt it.
    "cases.officeholder.name": "searched by the triage queue",
    "cases.officeholder.email": "with the name: the person's contact record",
    "cases.officeholder.phone": "with the name: the person's contact record",
    # Applicants: listed and filtered by the selection committee; purged 28 days
    # after the decision.
    "ambassadors.application.first_name": "the committee's list",
    "ambassadors.application.last_name": "the committee's list",
    "ambassadors.application.email": "the committee's list",
    "ambassadors.application.phone": "the committee's list",
    # Contacts at gemeenten (griffier, burgemeester's office) for OT on Tour.
    "outreach.gemeentecontact.name": "business contact, listed and searched",
    "outreach.gemeentecontact.email": "business contact",
    "outreach.gemeentecontact.phone": "business contact",
    # Approved anonymous feedback on the process, shown to association staff.
    "signals.processfeedback.text": "anonymous by design, reviewed before approval",
    # django-axes (lockout) and the admin's own log: usernames, addresses, browsers.
    "axes.accessattempt.username": "lockout per username",
    "axes.accessattempt.ip_address": "lockout per (username, address)",
    "axes.accessattempt.user_agent": "django-axes",
    "axes.accessattempt.http_accept": "django-axes",
    "axes.accessattempt.path_info": "django-axes",
    "axes.accessattempt.get_data": "django-axes",
    "axes.accessattempt.post_data": "django-axes (passwords are masked)",
    "axes.accessfailurelog.username": "django-axes",
    "axes.accessfailurelog.ip_address": "django-axes",
    "axes.accessfailurelog.user_agent": "django-axes",
    "axes.accessfailurelog.http_accept": "django-axes",
    "axes.accessfailurelog.path_info": "django-axes",
    "axes.accesslog.username": "django-axes",
    "axes.accesslog.ip_address": "django-axes",
    "axes.accesslog.user_agent": "django-axes",
    "axes.accesslog.http_accept": "django-axes",
    "axes.accesslog.path_info": "django-axes",
    "axes.accesslog.session_hash": "django-axes",
    "admin.logentry.object_repr": "the admin's change log (no case content there)",
    "admin.logentry.change_message": "the admin's change log",
}

TEXT_TYPES = ("varchar", "char", "text", "json", "jsonb", "inet")


def column_key(field) -> str:
    return f"{field.model._meta.label_lower}.{field.name}"


def text_columns():
    """Every concrete text-like, JSON or file column of every installed model."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            db_type = (field.db_type(connection) or "").lower()
            if db_type.split("(")[0] in TEXT_TYPES:
                yield field


def encrypted_columns() -> list[str]:
    return sorted(
        column_key(f)
        for f in text_columns()
        if isinstance(f, EncryptedTextField | EncryptedFileField)
    )


# Fixed width, so that no sentinel is part of another.
SENTINELS = {
    key: f"ZGS{number:03d}q7f3a" for number, key in enumerate(encrypted_columns())
}


def s(key: str) -> str:
    return SENTINELS[key]


def test_every_text_column_is_encrypted_or_listed():
    listed = NOT_PERSONAL | set(PERSONAL_IN_PLAIN_TEXT)
    plain = sorted(
        column_key(f)
        for f in text_columns()
        if not isinstance(f, EncryptedTextField | EncryptedFileField)
    )
    unlisted = [key for key in plain if key not in listed]
    assert unlisted == [], (
        "Encrypt these columns (core.fields), or, if they hold nothing personal, add "
        f"them to NOT_PERSONAL with a comment: {unlisted}"
    )
    assert sorted(listed - set(plain)) == [], "stale entries on the lists"
    assert not NOT_PERSONAL & set(PERSONAL_IN_PLAIN_TEXT)


# --- a world with a sentinel in every encrypted column -------------------------------

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n"


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    location = tmp_path / "private"
    storage = FileSystemStorage(location=location)
    monkeypatch.setattr(Application._meta.get_field("cv"), "storage", storage)
    for name in ("content", "thumbnail"):
        monkeypatch.setattr(CaseFile._meta.get_field(name), "storage", storage)
    return location


def build_world(*, advisor, colleague, ambassador, office_holder, region, client):
    """Every encrypted column filled through its service, each with its sentinel."""
    now = timezone.now()
    case = case_create(
        by=advisor,
        office_holder=office_holder,
        channel=c.Channel.PHONE,
        category=c.Category.THREAT,
        occurred_on=timezone.localdate(),
        urgency=c.Urgency.NORMAL,
        account=s("cases.case.account"),
        owner=advisor,
    )

    def consent(purpose, referral_kind="", given_by="Fictieve Melder"):
        return consent_record(
            case=case,
            by=advisor,
            purpose=purpose,
            referral_kind=referral_kind,
            given_by=given_by,
            method=c.ConsentMethod.VERBAL,
            given_at=now - timedelta(minutes=1),
        )

    consent(c.ConsentPurpose.HANDOFF, given_by=s("cases.consent.given_by"))
    referral_consent = consent(c.ConsentPurpose.REFERRAL, c.ReferralKind.LEGAL)
    consent(c.ConsentPurpose.FORMAL_REPORT)
    note_add(case=case, by=advisor, text=s("cases.note.text"))
    # Evidence: a text file (sealed in chunks), its name and description.
    case_file = file_add(
        case=case,
        by=advisor,
        upload=SimpleUploadedFile(
            f"{s('cases.casefile.name')}.txt",
            f"Dreigbrief {s('cases.casefile.content')}\n".encode(),
        ),
        description=s("cases.casefile.description"),
    )
    # A thumbnail is made of an image's pixels, where no text sentinel survives:
    # the sentinel is stored in its place, sealed the same way.
    case_file.thumbnail.save(
        "thumbnail", ContentFile(s("cases.casefile.thumbnail").encode())
    )
    referral = referral_create(
        case=case,
        by=advisor,
        kind=c.ReferralKind.LEGAL,
        partner=s("cases.referral.partner"),
        details=s("cases.referral.details"),
    )
    referral_set_outcome(
        referral=referral, by=advisor, outcome=s("cases.referral.outcome")
    )
    police_report_save(
        case=case,
        by=advisor,
        advice=c.PoliceAdvice.AANGIFTE,
        action=c.PoliceAction.AANGIFTE_MADE,
        reported_on=timezone.localdate(),
        police_reference=s("cases.policereport.police_reference"),
        notes=s("cases.policereport.notes"),
    )
    damage_add(
        case=case,
        by=advisor,
        kind=c.DamageKind.values[0],
        description=s("cases.damage.description"),
    )
    advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
        description=s("cases.advisoraction.description"),
    )
    case_make_formal_report(
        case=case,
        by=advisor,
        addressee=s("cases.case.formal_report_to"),
        confirmed=True,
    )
    confidentiality_break_request(
        case=case,
        by=advisor,
        ground="levensgevaar",
        legal_basis="vitaal-belang",
        disclosed_to=s("security.confidentialitybreak.disclosed_to"),
        reason=s("security.confidentialitybreak.reason"),
    )
    handoff = case_handoff(case=case, ambassador=ambassador, by=advisor)
    handoff_decline(
        handoff=handoff,
        by=fresh(ambassador.user),
        reason=s("cases.handoff.decline_reason"),
    )
    consent_revoke(
        consent=referral_consent,
        by=advisor,
        reason=s("cases.consent.revoke_reason"),
    )
    case_close(case=case, by=advisor, outcome=s("cases.case.outcome"))
    case_reopen(case=case, by=advisor, reason=s("cases.casehistory.reason"))
    # A case its ambassador closed, and their request to reopen it.
    closed = handed_off_case(
        advisor=advisor, ambassador=ambassador, accept=True, outside_region=True
    )
    case_close(case=closed, by=fresh(ambassador.user), outcome="Afgerond.")
    reopen_request_create(
        case=closed, by=fresh(ambassador.user), reason=s("cases.reopenrequest.reason")
    )

    # The 24/7 line: where, and what they need now.
    hotline_call_create(
        by=advisor,
        name="Fictieve Beller",
        office=c.Office.COUNCILLOR,
        gemeente=office_holder.gemeente,
        immediate_danger=False,
        account="Belde de 24/7-lijn.",
        immediate_needs=s("cases.case.immediate_needs"),
        location=s("cases.case.location"),
    )
    # A party's own advisor: what an out-of-scope person was told instead.
    party = OrganisationFactory(party=True)
    party_advisor = UserFactory(advisor=True, organisation=party)
    case_create(
        by=fresh(party_advisor),
        office_holder=OfficeHolderFactory(
            organisation=party, gemeente=office_holder.gemeente
        ),
        channel=c.Channel.PHONE,
        category=c.Category.THREAT,
        occurred_on=timezone.localdate(),
        urgency=c.Urgency.NORMAL,
        account="Ontevreden over het standpunt.",
        scope=c.Scope.PARTY_POSITIONS,
        told_instead=s("cases.case.told_instead"),
    )

    # AVG art. 15: the request is kept with the export.
    client.force_login(advisor)
    response = client.post(
        reverse("security_case:subject_access", args=[office_holder.pk]),
        {"reason": s("cases.subjectaccessexport.reason")},
    )
    assert response.status_code == 200

    # Recruitment: motivation, CV (file bytes), interview notes.
    vacancy = Vacancy.objects.create(
        region=region,
        title="Regioambassadeur",
        description="Fictief.",
        closes_on=timezone.localdate() + timedelta(days=7),
    )
    application = application_submit(
        vacancy=vacancy,
        data={
            "first_name": "Fictieve",
            "last_name": "Sollicitant",
            "email": "sollicitant@example.org",
            "phone": "",
            "motivation": s("ambassadors.application.motivation"),
        },
        cv=SimpleUploadedFile("cv.pdf", PDF + s("ambassadors.application.cv").encode()),
    )
    interview_record(
        application=application,
        data={
            "held_on": timezone.localdate(),
            "neutral": 3,
            "integer": 3,
            "experience": 3,
            "resilience": 3,
            "empathy": 3,
            "notes": s("ambassadors.interview.notes"),
        },
        by=colleague,
    )
    return case


@pytest.fixture
def world(
    advisor,
    colleague,
    ambassador,
    office_holder,
    region,
    client,
    selection_member,
    private_dir,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        return build_world(
            advisor=advisor,
            colleague=selection_member,
            ambassador=ambassador,
            office_holder=office_holder,
            region=region,
            client=client,
        )


def stored_plain_values(key: str) -> list:
    """What the ORM reads from the column ``key`` (decrypted), for every row."""
    label, name = key.rsplit(".", 1)
    model = apps.get_model(label)
    field = model._meta.get_field(name)
    if isinstance(field, EncryptedFileField):
        return [
            getattr(row, name).read_plain().decode(errors="replace")
            for row in model._base_manager.exclude(**{name: ""})
        ]
    return list(model._base_manager.values_list(name, flat=True))


def test_the_services_filled_every_encrypted_column(world):
    missing = [
        key
        for key in encrypted_columns()
        if not any(s(key) in (value or "") for value in stored_plain_values(key))
    ]
    assert missing == [], f"no service in the world filled these columns: {missing}"


def _every_text_value():
    """Every value of every text-like column of every table in the public schema."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb')"
        )
        for table, column in cur.fetchall():
            cur.execute(f'SELECT "{column}"::text FROM "{table}"')  # noqa: S608
            for (value,) in cur.fetchall():
                yield table, column, value


def test_no_column_holds_a_sentinel(world):
    found = [
        (table, column, key)
        for table, column, value in _every_text_value()
        for key, sentinel in SENTINELS.items()
        if value and sentinel in value
    ]
    assert found == []


def files_holding(directory: Path, needles: dict[str, str]) -> list:
    found = []
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [(str(path), k) for k, v in needles.items() if v.encode() in data]
    return found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pg_dump_and_the_file_storage_hold_no_sentinel(
    advisor,
    ambassador,
    office_holder,
    region,
    client,
    selection_member,
    private_dir,
):
    build_world(
        advisor=advisor,
        colleague=selection_member,
        ambassador=ambassador,
        office_holder=office_holder,
        region=region,
        client=client,
    )
    settings_db = connection.settings_dict
    dump = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "pg_dump",
            "--data-only",
            "-h",
            settings_db["HOST"] or "localhost",
            "-p",
            str(settings_db["PORT"] or 5432),
            "-U",
            "postgres",
            settings_db["NAME"],
        ],
        capture_output=True,
        env={**os.environ, "PGPASSWORD": settings_db["PASSWORD"] or ""},
        timeout=120,
        check=True,
    ).stdout
    assert b"kb1:" in dump
    # The dump is of this world: the plain columns are in it.
    assert office_holder.name.encode() in dump
    assert [key for key, v in SENTINELS.items() if v.encode() in dump] == []
    # The CV and the case's file and thumbnail are in the storage, sealed.
    files = [p for p in private_dir.rglob("*") if p.is_file()]
    assert len(files) == 3
    assert all(p.read_bytes().startswith((b"kb1:", b"kbs1:")) for p in files)
    assert not any(b"%PDF" in p.read_bytes() for p in files)
    assert files_holding(private_dir, SENTINELS) == []


def test_the_cv_download_decrypts_for_the_committee(client, world, selection_member):
    application = Application.objects.get()
    client.force_login(selection_member)
    response = client.get(reverse("ambassadors:application_cv", args=[application.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == PDF + s("ambassadors.application.cv").encode()


def test_the_access_log_does_not_hold_the_export_request(world):
    from core.models import AuditEvent

    details = AuditEvent.objects.filter(action="export").values_list(
        "detail", flat=True
    )
    assert details
    assert not any(s("cases.subjectaccessexport.reason") in d for d in details)


# --- keys ---------------------------------------------------------------------------


def test_stored_values_carry_the_key_id(world):
    with connection.cursor() as cur:
        cur.execute("SELECT account FROM cases_case WHERE id = %s", [world.pk])
        (raw,) = cur.fetchone()
    assert raw.startswith(f"kb1:{crypto.active_key_id()}:")


def _new_key_settings(settings, key_id="rot2"):
    settings.KLANKBORD_ENCRYPTION_KEYS = (
        f"{key_id}:{crypto.new_key()},{settings.KLANKBORD_ENCRYPTION_KEYS}"
    )
    settings.KLANKBORD_ENCRYPTION_KEY_ID = key_id


def test_rotation_reencrypts_every_value_and_file_and_all_still_read(
    world, settings, private_dir
):
    old_id = crypto.active_key_id()
    _new_key_settings(settings)
    call_command("rotate_encryption_key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    key_ids = {
        crypto.key_id_of(value)
        for _t, _c, value in _every_text_value()
        if crypto.is_encrypted(value)
    }
    assert key_ids == {"rot2"}
    application = Application.objects.get()
    with application.cv.open("rb") as handle:
        assert crypto.key_id_of_bytes(handle.read()) == "rot2"
    # The old key can go now.
    settings.KLANKBORD_ENCRYPTION_KEYS = settings.KLANKBORD_ENCRYPTION_KEYS.split(",")[
        0
    ]
    assert old_id not in crypto.all_keys()
    missing = [
        key
        for key in encrypted_columns()
        if not any(s(key) in (value or "") for value in stored_plain_values(key))
    ]
    assert missing == []


def test_rotation_is_idempotent(world, settings):
    _new_key_settings(settings)
    assert reencrypt_table(Note) == 1
    assert reencrypt_table(Note) == 0
    assert reencrypt_files(Application) == 1
    assert reencrypt_files(Application) == 0


def test_plain_rows_from_before_encryption_get_encrypted(case):
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE cases_case SET account = %s WHERE id = %s",
            ["oud ZEER-GEHEIM-7f3a", case.pk],
        )
    assert "ZEER-GEHEIM" in Case.objects.get(pk=case.pk).account  # reads as it is
    assert reencrypt_table(Case) >= 1
    with connection.cursor() as cur:
        cur.execute("SELECT account FROM cases_case WHERE id = %s", [case.pk])
        (raw,) = cur.fetchone()
    assert crypto.is_encrypted(raw)
    assert "ZEER-GEHEIM" in Case.objects.get(pk=case.pk).account


def test_plain_files_from_before_encryption_get_sealed_and_back(world, private_dir):
    application = Application.objects.get()
    plain = application.cv.read_plain()
    assert reencrypt_files(Application, to_plain=True) == 1
    application.refresh_from_db()
    with application.cv.open("rb") as handle:
        assert handle.read() == plain  # the data migration's way back
    assert application.cv.read_plain() == plain  # still reads
    assert reencrypt_files(Application) == 1
    application.refresh_from_db()
    with application.cv.open("rb") as handle:
        assert crypto.is_encrypted_bytes(handle.read())
    assert application.cv.read_plain() == plain


def test_ciphertext_moved_to_another_column_does_not_decrypt(world):
    note = Note.objects.filter(case=world).first()
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE cases_case SET account = "
            "(SELECT text FROM cases_note WHERE id = %s) WHERE id = %s",
            [note.pk, world.pk],
        )
    with pytest.raises(crypto.DecryptionError) as error:
        Case.objects.get(pk=world.pk)
    assert s("cases.note.text") not in str(error.value)


def test_a_tampered_value_does_not_decrypt():
    value = crypto.encrypt("geheim", "cases.note.text")
    tampered = value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, "cases.note.text")


def test_a_tampered_or_moved_file_does_not_decrypt():
    sealed = crypto.encrypt_bytes(PDF, "ambassadors.application.cv")
    assert crypto.decrypt_bytes(sealed, "ambassadors.application.cv") == PDF
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]), "x.y.cv")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(sealed, "other.model.file")


def test_deploy_check_refuses_the_development_key(settings):
    from security.checks import encryption_key_check

    assert [e.id for e in encryption_key_check(None)] == ["klankbord.E002"]
    settings.KLANKBORD_ENCRYPTION_KEYS = f"prod1:{crypto.new_key()}"
    settings.KLANKBORD_ENCRYPTION_KEY_ID = "prod1"
    assert encryption_key_check(None) == []


def test_searching_encrypted_text_in_sql_is_refused():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(Note.objects.filter(text__icontains="geheim"))


def test_queue_search_uses_name_gemeente_and_reference_not_the_account(
    client, advisor, case, office_holder
):
    client.force_login(advisor)

    def found(q):
        # The search is POSTed; the results are at the URL it redirects to.
        posted = client.post(reverse("cases:queue"), {"q": q})
        response = client.get(posted["Location"])
        return [c.pk for c in response.context["cases"]]

    assert found(office_holder.name.split()[0]) == [case.pk]
    assert found(office_holder.gemeente.name) == [case.pk]
    assert found(case.reference) == [case.pk]
    assert found("GEHEIM-ZIN-42") == []  # only in the (encrypted) account


def test_interview_notes_and_motivation_read_back(world):
    assert s("ambassadors.interview.notes") in Interview.objects.get().notes
    assert s("ambassadors.application.motivation") in (
        Application.objects.get().motivation
    )
