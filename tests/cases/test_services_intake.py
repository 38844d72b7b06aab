"""Intake: registering office holders, recording a melding, assigning it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.constants import Category, Channel, Office, Status, Urgency
from cases.models import Case, CaseHistory, OfficeHolder
from cases.services.case import case_assign
from cases.services.intake import case_create, office_holder_create
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import (
    CaseFactory,
    OfficeHolderFactory,
    UserFactory,
    fresh,
)

pytestmark = pytest.mark.django_db

ACCOUNT = "Na afloop van de raadsvergadering werd ik opgewacht. UNIEK-VERHAAL-314"
NON_ADVISORS = ["ambassador", "staff_user", "functional_admin", "superuser"]


def as_user(value):
    return getattr(value, "user", value)


def record(by, office_holder, **overrides):
    data = {
        "channel": Channel.PHONE,
        "category": Category.THREAT,
        "occurred_on": timezone.localdate() - timedelta(days=1),
        "urgency": Urgency.HIGH,
        "account": ACCOUNT,
    }
    data.update(overrides)
    return case_create(by=by, office_holder=office_holder, **data)


# --- office holders -------------------------------------------------------------------


def test_advisor_registers_an_office_holder_in_their_organisation(
    advisor, organisation, gemeente
):
    holder = office_holder_create(
        by=advisor, name="  Fenna Fictief ", office=Office.ALDERMAN, gemeente=gemeente
    )
    assert holder.organisation == organisation
    assert holder.name == "Fenna Fictief"


def test_registering_an_office_holder_writes_an_audit_row(advisor, gemeente):
    holder = office_holder_create(
        by=advisor, name="Fenna Fictief", office=Office.ALDERMAN, gemeente=gemeente
    )
    event = AuditEvent.objects.get(object_type="officeholder")
    assert (event.actor, event.action, event.object_id) == (
        advisor,
        AuditAction.CREATE,
        holder.pk,
    )


@pytest.mark.parametrize("who", NON_ADVISORS)
def test_office_holder_registration_by_a_non_advisor_is_refused(request, who, gemeente):
    user = as_user(request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        office_holder_create(
            by=user, name="Fenna Fictief", office=Office.ALDERMAN, gemeente=gemeente
        )
    assert not OfficeHolder.objects.exists()


def test_office_holder_with_an_unknown_office_is_refused(advisor, gemeente):
    with pytest.raises(ValidationError):
        office_holder_create(
            by=advisor, name="Fenna Fictief", office="koning", gemeente=gemeente
        )
    assert not OfficeHolder.objects.exists()


# --- recording a melding --------------------------------------------------------------


def test_advisor_records_a_case_for_their_organisation(advisor, office_holder):
    case = record(advisor, office_holder)
    assert case.organisation == office_holder.organisation
    assert (case.status, case.created_by, case.account) == (
        Status.NEW,
        advisor,
        ACCOUNT,
    )


@pytest.mark.parametrize("who", NON_ADVISORS)
def test_case_creation_by_a_non_advisor_is_refused(request, who, office_holder):
    user = as_user(request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        record(user, office_holder)
    assert not Case.objects.exists()


def test_case_creation_by_an_advisor_without_organisation_is_refused(office_holder):
    homeless = fresh(UserFactory(advisor=True, organisation=False))
    with pytest.raises(PermissionDenied):
        record(homeless, office_holder)
    assert not Case.objects.exists()


def test_case_creation_by_an_inactive_advisor_is_refused(
    inactive_advisor, office_holder
):
    with pytest.raises(PermissionDenied):
        record(inactive_advisor, office_holder)


def test_case_for_an_office_holder_of_another_organisation_is_refused(
    advisor, other_organisation, gemeente
):
    foreign = OfficeHolderFactory(organisation=other_organisation, gemeente=gemeente)
    with pytest.raises(ValidationError) as excinfo:
        record(advisor, foreign)
    assert "office_holder" in excinfo.value.message_dict
    assert not Case.objects.exists()


def test_case_with_an_incident_in_the_future_is_refused_and_nothing_saved(
    advisor, office_holder
):
    with pytest.raises(ValidationError) as excinfo:
        record(advisor, office_holder, occurred_on=timezone.localdate() + timedelta(1))
    assert "occurred_on" in excinfo.value.message_dict
    assert not Case.objects.exists()
    assert not CaseHistory.objects.exists()
    assert not AuditEvent.objects.exists()


def test_case_reported_in_the_future_is_refused(advisor, office_holder):
    with pytest.raises(ValidationError):
        record(advisor, office_holder, reported_at=timezone.now() + timedelta(hours=1))
    assert not Case.objects.exists()


def test_case_with_an_unknown_category_is_refused(advisor, office_holder):
    with pytest.raises(ValidationError):
        record(advisor, office_holder, category="roddel")
    assert not Case.objects.exists()


def test_case_owned_by_an_advisor_of_another_organisation_is_refused(
    advisor, other_org_advisor, office_holder
):
    with pytest.raises(ValidationError) as excinfo:
        record(advisor, office_holder, owner=other_org_advisor)
    assert "owner" in excinfo.value.message_dict
    assert not Case.objects.exists()


def test_recording_a_case_writes_its_first_history_row(advisor, office_holder):
    case = record(advisor, office_holder)
    row = CaseHistory.objects.get(case=case)
    assert (row.from_status, row.to_status, row.by) == ("", Status.NEW, advisor)


def test_recording_a_case_writes_an_audit_row(advisor, office_holder):
    case = record(advisor, office_holder)
    event = AuditEvent.objects.get(object_type="case")
    assert (event.actor, event.action, event.object_id, event.case_id) == (
        advisor,
        AuditAction.CREATE,
        case.pk,
        case.pk,
    )
    assert event.actor_role == "vertrouwenspersoon"
    assert event.actor_username == advisor.username


def test_the_audit_row_of_a_new_case_holds_no_content(advisor, office_holder):
    record(advisor, office_holder)
    for row in AuditEvent.objects.values():
        for column, value in row.items():
            text = str(value)
            assert "UNIEK-VERHAAL" not in text, column
            assert office_holder.name not in text, column
            assert office_holder.gemeente.name not in text, column


# --- assigning ------------------------------------------------------------------------


def test_assigning_a_new_case_moves_it_to_triage(advisor, colleague, office_holder):
    case = record(advisor, office_holder)
    case_assign(case=case, owner=colleague, by=advisor)
    case.refresh_from_db()
    assert (case.owner, case.status) == (colleague, Status.TRIAGE)


def test_assigning_a_new_case_records_the_move_to_triage(
    advisor, colleague, office_holder
):
    case = record(advisor, office_holder)
    case_assign(case=case, owner=colleague, by=advisor)
    last = CaseHistory.objects.filter(case=case).last()
    assert (last.from_status, last.to_status, last.by) == (
        Status.NEW,
        Status.TRIAGE,
        advisor,
    )


def test_unassigning_a_new_case_leaves_it_new(advisor, office_holder):
    case = record(advisor, office_holder, owner=advisor)
    case_assign(case=case, owner=None, by=advisor)
    case.refresh_from_db()
    assert (case.owner, case.status) == (None, Status.NEW)


def test_reassigning_a_case_in_triage_writes_no_history(
    advisor, colleague, office_holder
):
    case = CaseFactory(office_holder=office_holder, owner=advisor, triage=True)
    before = CaseHistory.objects.filter(case=case).count()
    case_assign(case=case, owner=colleague, by=advisor)
    assert CaseHistory.objects.filter(case=case).count() == before


def test_assigning_to_an_advisor_of_another_organisation_is_refused(
    advisor, other_org_advisor, case
):
    with pytest.raises(ValidationError) as excinfo:
        case_assign(case=case, owner=other_org_advisor, by=advisor)
    assert "owner" in excinfo.value.message_dict
    case.refresh_from_db()
    assert (case.owner, case.status) == (advisor, Status.NEW)


@pytest.mark.parametrize("who", ["ambassador", "staff_user", "inactive_advisor"])
def test_assigning_to_someone_who_is_not_an_active_advisor_is_refused(
    request, who, advisor, case
):
    with pytest.raises(ValidationError):
        case_assign(case=case, owner=as_user(request.getfixturevalue(who)), by=advisor)
    case.refresh_from_db()
    assert case.owner == advisor


@pytest.mark.parametrize(
    "who", ["other_org_advisor", "ambassador", "staff_user", "superuser"]
)
def test_assigning_by_someone_outside_the_case_is_refused(request, who, case):
    user = as_user(request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        case_assign(case=case, owner=None, by=user)
    case.refresh_from_db()
    assert case.owner is not None
