"""Notes and the contact log: the ambassador writes them once the case is accepted, the
advisors of the organisation too; nobody else, and not on a closed case."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import remove_perm

from cases.constants import ContactMode, NoteKind
from cases.models import Case, Note
from cases.services.notes import note_add
from tests.factories import CaseFactory, fresh

pytestmark = pytest.mark.django_db

CASE_ACCESS = "cases.access_case"


def as_user(value):
    return getattr(value, "user", value)


def add_note(case, by, **kwargs):
    kwargs.setdefault("text", "Gesprek gevoerd over de dreigbrief.")
    return note_add(case=case, by=by, **kwargs)


def test_ambassador_adds_a_note_after_accepting(ambassador, accepted_case):
    note = add_note(accepted_case, ambassador.user)
    assert (note.case, note.author, note.kind) == (
        accepted_case,
        ambassador.user,
        NoteKind.NOTE,
    )


def test_ambassador_cannot_add_a_note_before_accepting(ambassador, handed_case):
    with pytest.raises(ValidationError):
        add_note(handed_case, ambassador.user)
    assert not Note.objects.exists()


def test_another_ambassador_cannot_add_a_note(other_ambassador, accepted_case):
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, other_ambassador.user)
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_org_advisor", "staff_user", "functional_admin", "superuser"]
)
def test_outsiders_cannot_add_a_note(request, who, accepted_case):
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, as_user(request.getfixturevalue(who)))
    assert not Note.objects.exists()


def test_ambassador_whose_grant_is_gone_cannot_add_a_note(ambassador, accepted_case):
    remove_perm(CASE_ACCESS, ambassador.user, accepted_case)
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, fresh(ambassador.user))


def test_a_model_wide_permission_does_not_replace_the_grant(ambassador, accepted_case):
    ambassador.user.user_permissions.add(
        Permission.objects.get(codename="access_case", content_type__app_label="cases")
    )
    remove_perm(CASE_ACCESS, ambassador.user, accepted_case)
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, fresh(ambassador.user))


def test_a_superuser_ambassador_whose_grant_is_gone_cannot_add_a_note(
    ambassador, accepted_case
):
    # Superuser status grants nothing on cases (cases/roles.py); the services must agree
    # with visible_to, which hides this case from the ambassador.
    ambassador.user.is_superuser = True
    ambassador.user.save(update_fields=["is_superuser"])
    remove_perm(CASE_ACCESS, ambassador.user, accepted_case)
    user = fresh(ambassador.user)
    assert not Case.objects.visible_to(user).exists()
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, user)


def test_advisor_adds_a_note_to_a_case_with_an_ambassador(advisor, accepted_case):
    assert add_note(accepted_case, advisor).author == advisor


def test_a_contact_entry_needs_a_contact_mode(ambassador, accepted_case):
    with pytest.raises(ValidationError) as excinfo:
        add_note(accepted_case, ambassador.user, kind=NoteKind.CONTACT)
    assert "contact_mode" in excinfo.value.message_dict
    assert not Note.objects.exists()


def test_a_contact_entry_in_the_future_is_refused(ambassador, accepted_case):
    with pytest.raises(ValidationError):
        add_note(
            accepted_case,
            ambassador.user,
            kind=NoteKind.CONTACT,
            contact_mode=ContactMode.PHONE,
            contact_at=timezone.now() + timedelta(hours=2),
        )
    assert not Note.objects.exists()


def test_a_contact_entry_without_a_moment_is_dated_now(ambassador, accepted_case):
    note = add_note(
        accepted_case,
        ambassador.user,
        kind=NoteKind.CONTACT,
        contact_mode=ContactMode.VIDEO,
    )
    assert note.contact_mode == ContactMode.VIDEO
    assert timezone.now() - note.contact_at < timedelta(minutes=1)


def test_a_plain_note_drops_contact_details(ambassador, accepted_case):
    note = add_note(
        accepted_case,
        ambassador.user,
        kind=NoteKind.NOTE,
        contact_mode=ContactMode.PHONE,
        contact_at=timezone.now(),
    )
    assert (note.contact_mode, note.contact_at) == ("", None)


def test_a_note_on_a_closed_case_is_refused(advisor, office_holder):
    closed = CaseFactory(office_holder=office_holder, owner=advisor, closed=True)
    with pytest.raises(ValidationError):
        add_note(closed, advisor)


def test_an_empty_note_is_refused(ambassador, accepted_case):
    with pytest.raises(ValidationError):
        add_note(accepted_case, ambassador.user, text="   ")
    assert not Note.objects.exists()
