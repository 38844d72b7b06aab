"""Four eyes on an appointment: the selection committee appoints a regional
ambassador, but the ambassador role and the membership of the association, which
open cases to them, are requests (``security.approvals``) that a functional admin
other than the appointing member approves. The attack: a committee member (or whoever
holds that account) appoints an accomplice and reads cases."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ambassadors import services
from ambassadors.constants import ApplicationStatus
from cases.models import Case
from cases.services.handoff import case_handoff, handoff_accept
from core.constants import Role
from core.models import Membership
from security import approvals
from security.models import AccessRequest, AccessRequestKind, AccessRequestStatus
from tests.factories import UserFactory, consent_given, fresh

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {
    "first_name": "Fenna",
    "last_name": "Fictief",
    "email": "fenna@example.org",
    "phone": "",
    "motivation": "Ik was acht jaar raadslid en wil collega's steunen.",
}


@pytest.fixture
def interviewed(vacancy, private_dir, selection_member):
    application = services.application_submit(
        vacancy=vacancy, data=FORM, cv=SimpleUploadedFile("cv.pdf", PDF)
    )
    services.interview_record(
        application=application,
        data={
            "held_on": date(2026, 6, 1),
            "neutral": 4,
            "integer": 5,
            "experience": 3,
            "resilience": 4,
            "empathy": 5,
        },
        by=selection_member,
    )
    return application


def _appoint(application, by):
    return services.application_appoint(application=application, regions=[], by=by)


def _hand_to(case, advisor, ambassador):
    consent_given(case, by=advisor)
    return case_handoff(case=case, ambassador=ambassador, by=advisor)


def test_appointment_requests_role_and_membership_and_grants_neither(
    interviewed, selection_member
):
    ambassador = _appoint(interviewed, selection_member)
    user = fresh(ambassador.user)
    assert not user.groups.filter(name=Role.AMBASSADOR).exists()
    assert not Membership.objects.filter(user=user).exists()
    pending = AccessRequest.objects.filter(
        subject=user, status=AccessRequestStatus.PENDING
    )
    assert {(r.kind, r.role) for r in pending} == {
        (AccessRequestKind.ROLE_GRANT, Role.AMBASSADOR),
        (AccessRequestKind.MEMBERSHIP, ""),
    }
    assert {r.requested_by_id for r in pending} == {selection_member.pk}
    interviewed.refresh_from_db()
    assert interviewed.status == ApplicationStatus.APPOINTED


def test_appointment_alone_gives_no_case_access(
    interviewed, selection_member, case, advisor
):
    """The attack: appointed, not yet approved. No case can be handed to them, and
    none is visible to them (the ambassador role is what opens a case)."""
    ambassador = _appoint(interviewed, selection_member)
    with pytest.raises(ValidationError):
        _hand_to(case, advisor, ambassador)
    user = fresh(ambassador.user)
    assert not Case.objects.visible_to_ambassador(user).exists()


def test_the_appointing_member_cannot_approve(interviewed, selection_member):
    ambassador = _appoint(interviewed, selection_member)
    for access_request in AccessRequest.objects.filter(subject=ambassador.user):
        with pytest.raises(PermissionDenied):
            approvals.decide(
                access_request=access_request, by=selection_member, approve=True
            )
    assert not ambassador.user.groups.filter(name=Role.AMBASSADOR).exists()


def test_a_second_committee_member_cannot_approve_either(
    interviewed, selection_member, organisation
):
    ambassador = _appoint(interviewed, selection_member)
    other_member = fresh(UserFactory(selection=True, organisation=organisation))
    access_request = AccessRequest.objects.filter(subject=ambassador.user).first()
    with pytest.raises(PermissionDenied):
        approvals.decide(access_request=access_request, by=other_member, approve=True)


def test_a_functional_admin_approves_and_then_the_case_can_be_handed(
    interviewed, selection_member, functional_admin, case, advisor
):
    ambassador = _appoint(interviewed, selection_member)
    for access_request in AccessRequest.objects.filter(subject=ambassador.user):
        approvals.decide(
            access_request=access_request, by=functional_admin, approve=True
        )
    user = fresh(ambassador.user)
    assert user.groups.filter(name=Role.AMBASSADOR).exists()
    assert Membership.objects.get(user=user).organisation_id == case.organisation_id
    handoff = _hand_to(case, advisor, ambassador)
    handoff_accept(handoff=handoff, by=user)
    assert list(Case.objects.visible_to_ambassador(fresh(user))) == [case]


def test_a_rejected_appointment_leaves_no_access(
    interviewed, selection_member, functional_admin
):
    ambassador = _appoint(interviewed, selection_member)
    for access_request in AccessRequest.objects.filter(subject=ambassador.user):
        approvals.decide(
            access_request=access_request, by=functional_admin, approve=False
        )
    user = fresh(ambassador.user)
    assert not user.groups.filter(name=Role.AMBASSADOR).exists()
    assert not Membership.objects.filter(user=user).exists()


def test_an_existing_account_of_another_organisation_is_refused(
    interviewed, selection_member, other_organisation
):
    UserFactory(email="fenna@example.org", organisation=other_organisation)
    with pytest.raises(ValidationError):
        _appoint(interviewed, selection_member)
    assert not AccessRequest.objects.exists()
    interviewed.refresh_from_db()
    assert interviewed.status == ApplicationStatus.INTERVIEW


def test_an_existing_ambassador_is_not_asked_again(
    interviewed, selection_member, ambassador
):
    """A former ambassador (same e-mail address) who still holds role and
    membership: nothing to approve."""
    user = ambassador.user
    user.email = "fenna@example.org"
    user.save()
    assert _appoint(interviewed, selection_member) == ambassador
    assert not AccessRequest.objects.exists()


def test_the_page_appoints_and_the_admin_sees_the_requests(
    client, interviewed, selection_member, functional_admin
):
    client.force_login(selection_member)
    response = client.post(
        reverse("ambassadors:application_decide", args=[interviewed.pk]),
        {"decision": "appoint", "confirmed": "1"},  # after the confirmation page
    )
    assert response.status_code == 302
    client.force_login(functional_admin)
    page = client.get(reverse("security:approvals"))
    assert page.status_code == 200
    assert page.content.decode().count("Fenna") >= 1
