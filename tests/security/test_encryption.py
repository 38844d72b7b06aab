"""Encryption at rest: no plaintext of a sentinel anywhere in the database (raw SQL over
every text column, and a real pg_dump), reads after key rotation, tamper detection."""

import os
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cases.constants import ConsentPurpose, ReferralKind
from cases.models import Case, CaseHistory, Consent, Handoff, Note, Referral
from cases.services.case import case_close, case_reopen
from cases.services.consent import consent_revoke
from cases.services.handoff import case_handoff, handoff_decline
from cases.services.notes import note_add
from cases.services.referrals import referral_create
from core import crypto
from core.fields import reencrypt_table
from tests.factories import consent_given, recorded_case

pytestmark = pytest.mark.django_db

SENTINEL = "ZEER-GEHEIM-7f3a"


def _every_text_value():
    """Every value of every text-like column of every table in the public schema."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb')"
        )
        columns = cur.fetchall()
        for table, column in columns:
            cur.execute(f'SELECT "{column}"::text FROM "{table}"')  # noqa: S608
            for (value,) in cur.fetchall():
                yield table, column, value


@pytest.fixture
def full_case(advisor, office_holder, ambassador, django_capture_on_commit_callbacks):
    """A case with the sentinel in every free-text field the flow has."""
    case = recorded_case(advisor, office_holder, account=f"Verhaal {SENTINEL} account")
    consent_given(case, by=advisor)
    consent_given(
        case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    note_add(case=case, by=advisor, text=f"Notitie {SENTINEL}")
    note_add(
        case=case,
        by=advisor,
        kind="contact",
        contact_mode="telefoon",
        text=f"Gebeld {SENTINEL}",
    )
    referral_create(
        case=case,
        by=advisor,
        kind=ReferralKind.LEGAL,
        partner="Advocaat",
        details=f"Details {SENTINEL}",
    )
    with django_capture_on_commit_callbacks(execute=False):
        handoff = case_handoff(case=case, ambassador=ambassador, by=advisor)
    from django.contrib.auth.models import User

    handoff_decline(
        handoff=handoff,
        by=User.objects.get(pk=ambassador.user_id),
        reason=f"Geen tijd {SENTINEL}",
    )
    consent = case.consents.filter(purpose=ConsentPurpose.REFERRAL).get()
    consent_revoke(consent=consent, by=advisor, reason=f"Ingetrokken {SENTINEL}")
    case_close(case=case, by=advisor, outcome=f"Uitkomst {SENTINEL}")
    case_reopen(case=case, by=advisor, reason=f"Heropend {SENTINEL}")
    return Case.objects.get(pk=case.pk)


def test_models_read_plain_text(full_case):
    assert SENTINEL in full_case.account
    assert SENTINEL in full_case.outcome
    assert all(SENTINEL in n.text for n in Note.objects.filter(case=full_case))
    assert SENTINEL in Referral.objects.get(case=full_case).details
    assert SENTINEL in Handoff.objects.get(case=full_case).decline_reason
    assert SENTINEL in Consent.objects.exclude(revoke_reason="").get().revoke_reason
    assert any(SENTINEL in h.reason for h in CaseHistory.objects.filter(case=full_case))


def test_no_text_column_holds_the_sentinel(full_case):
    found = [
        (table, column)
        for table, column, value in _every_text_value()
        if value and SENTINEL in value
    ]
    assert found == []


def test_stored_values_carry_the_key_id(full_case):
    with connection.cursor() as cur:
        cur.execute("SELECT account FROM cases_case WHERE id = %s", [full_case.pk])
        (raw,) = cur.fetchone()
    assert raw.startswith(f"kb1:{crypto.active_key_id()}:")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pg_dump_holds_no_plaintext(full_case):
    settings_db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings_db["PASSWORD"] or ""}
    dump = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "pg_dump",
            "--data-only",
            "-h",
            settings_db["HOST"] or "localhost",
            "-p",
            str(settings_db["PORT"] or 5432),
            "-U",
            settings_db["USER"],
            settings_db["NAME"],
        ],
        capture_output=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    assert b"kb1:" in dump
    assert SENTINEL.encode() not in dump


def _new_key_settings(settings, key_id="rot2"):
    settings.KLANKBORD_ENCRYPTION_KEYS = (
        f"{key_id}:{crypto.new_key()},{settings.KLANKBORD_ENCRYPTION_KEYS}"
    )
    settings.KLANKBORD_ENCRYPTION_KEY_ID = key_id


def test_rotation_reencrypts_everything_and_every_value_still_reads(
    full_case, settings
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
    # The old key can go now.
    settings.KLANKBORD_ENCRYPTION_KEYS = settings.KLANKBORD_ENCRYPTION_KEYS.split(",")[
        0
    ]
    assert old_id not in crypto.all_keys()
    case = Case.objects.get(pk=full_case.pk)
    assert SENTINEL in case.account
    assert SENTINEL in case.outcome
    assert all(SENTINEL in n.text for n in Note.objects.filter(case=case))
    assert SENTINEL in Referral.objects.get(case=case).details
    assert SENTINEL in Handoff.objects.get(case=case).decline_reason


def test_rotation_is_idempotent(full_case, settings):
    _new_key_settings(settings)
    assert reencrypt_table(Note) == 2
    assert reencrypt_table(Note) == 0


def test_plain_rows_from_before_encryption_get_encrypted(case):
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE cases_case SET account = %s WHERE id = %s",
            [f"oud {SENTINEL}", case.pk],
        )
    assert SENTINEL in Case.objects.get(pk=case.pk).account  # reads before migration
    assert reencrypt_table(Case) >= 1
    with connection.cursor() as cur:
        cur.execute("SELECT account FROM cases_case WHERE id = %s", [case.pk])
        (raw,) = cur.fetchone()
    assert crypto.is_encrypted(raw)
    assert SENTINEL in Case.objects.get(pk=case.pk).account


def test_ciphertext_moved_to_another_column_does_not_decrypt(full_case):
    note = Note.objects.filter(case=full_case).first()
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE cases_case SET account = "
            "(SELECT text FROM cases_note WHERE id = %s) WHERE id = %s",
            [note.pk, full_case.pk],
        )
    with pytest.raises(crypto.DecryptionError) as error:
        Case.objects.get(pk=full_case.pk)
    assert SENTINEL not in str(error.value)


def test_a_tampered_value_does_not_decrypt():
    value = crypto.encrypt("geheim", "cases.note.text")
    tampered = value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, "cases.note.text")


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
