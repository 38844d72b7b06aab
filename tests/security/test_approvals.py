"""Four eyes on access: a role, an organisation or a second factor of an account changes
only when a second person approves a functional admin's request (security.approvals).
The attack this closes: a functional admin creates an account in /beheer/, gives it
the advisor role and a membership, links an authenticator and reads the cases."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.constants import AuditAction, Role
from core.models import AuditEvent, Membership
from security import approvals, otp
from security.models import (
    AccessRequest,
    AccessRequestKind,
    AccessRequestStatus,
    UserSession,
)
from tests.conftest import VerifiedClient, logged_in
from tests.factories import UserFactory, fresh

pytestmark = pytest.mark.django_db

SETUP = "security:two_factor_setup"


def decide_url(access_request) -> str:
    return reverse("security:approval_detail", args=[access_request.pk])


def grant_advisor(by, subject) -> AccessRequest:
    return approvals.request_role_change(
        by=by, subject=subject, role=Role.ADVISOR, grant=True
    )


def membership_form(organisation, user=None) -> dict:
    """The admin's membership inline, filled in with ``organisation``."""
    return {
        "membership-TOTAL_FORMS": "1",
        "membership-INITIAL_FORMS": "0",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "membership-0-organisation": str(organisation.pk),
        "membership-0-user": str(user.pk) if user else "",
        "membership-0-id": "",
    }


def sees_case(user, case) -> bool:
    response = logged_in(fresh(user)).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code in (200, 403, 404)
    return response.status_code == 200


# --- the attack of the finding -------------------------------------------------------


def test_admin_alone_cannot_make_an_account_that_reads_cases(
    functional_admin, other_org_case, other_organisation
):
    """Create an account, give it the advisor role and a membership of a party, link
    an authenticator, open the party's case: every step that grants access is
    refused or has no effect. The Django admin is closed to a functional admin
    (superusers only); in Klankbord the account is made without a role."""
    admin_client = logged_in(functional_admin)
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "vp.sok",
            "usable_password": "true",
            "password1": "een-lang-en-vrij-wachtwoord-42",
            "password2": "een-lang-en-vrij-wachtwoord-42",
            **membership_form(other_organisation),
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not User.objects.filter(username="vp.sok").exists()
    advisors = Group.objects.get(name=Role.ADVISOR)
    for url, data in (
        (reverse("admin:core_membership_add"), {"organisation": 1}),
        (reverse("admin:auth_group_change", args=[advisors.pk]), {"name": "x"}),
        (reverse("admin:auth_group_add"), {"name": "x"}),
    ):
        response = admin_client.post(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    # In Klankbord: an account without a role, then a request.
    response = admin_client.post(
        reverse("administration:account_create"),
        {
            "first_name": "Sok",
            "last_name": "Pop",
            "username": "vp.sok",
            "email": "sok@example.org",
            "organisation": other_organisation.pk,
        },
    )
    assert response.status_code == 302
    sock = User.objects.get(username="vp.sok")
    assert not sock.has_usable_password()
    response = admin_client.post(
        reverse("administration:account_role", args=[sock.pk]),
        {"choice": f"{Role.ADVISOR}|{other_organisation.pk}"},
    )
    assert response.status_code == 302
    # The grant waits for a second person; the admin cannot be it.
    access_request = AccessRequest.objects.get(subject=sock)
    response = admin_client.post(decide_url(access_request), {"decision": "approve"})
    assert response.status_code == 403

    sock = fresh(User.objects.get(pk=sock.pk))
    assert not sock.groups.exists()
    assert not sees_case(sock, other_org_case)
    assert logged_in(sock).get(reverse("cases:queue")).status_code == 403
    Group.objects.get(name=Role.ADVISOR)  # not renamed


def test_admin_cannot_mint_a_second_approver_in_the_admin(functional_admin, newcomer):
    """Granting the functional admin role is a request too: otherwise one admin
    makes an account of their own that approves their requests. The admin site is
    closed to them altogether."""
    admin_client = logged_in(functional_admin)
    admins = Group.objects.get(name=Role.ADMIN)
    response = admin_client.post(
        reverse("admin:auth_user_change", args=[newcomer.pk]),
        {
            "username": newcomer.username,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "09:00:00",
            "groups": [admins.pk],
            "membership-TOTAL_FORMS": "0",
            "membership-INITIAL_FORMS": "0",
            "membership-MIN_NUM_FORMS": "0",
            "membership-MAX_NUM_FORMS": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    newcomer.refresh_from_db()
    assert not newcomer.is_staff
    assert not newcomer.groups.exists()


def test_the_admin_still_keeps_a_functional_admin_to_read_only_access(
    functional_admin, advisor
):
    """Were the admin opened to staff again, roles and organisations stay read-only
    for a non-superuser (core.admin, defence in depth)."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = functional_admin
    user_admin = admin.site._registry[User]
    assert "groups" in user_admin.get_readonly_fields(request, advisor)
    membership_admin = admin.site._registry[Membership]
    assert not membership_admin.has_change_permission(request, advisor.membership)


def test_a_superuser_changing_roles_in_the_admin_is_in_the_access_log(
    superuser, newcomer
):
    advisors = Group.objects.get(name=Role.ADVISOR)
    response = logged_in(superuser).post(
        reverse("admin:auth_user_change", args=[newcomer.pk]),
        {
            "username": newcomer.username,
            "is_active": "on",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "09:00:00",
            "groups": [advisors.pk],
            "membership-TOTAL_FORMS": "0",
            "membership-INITIAL_FORMS": "0",
            "membership-MIN_NUM_FORMS": "0",
            "membership-MAX_NUM_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert newcomer.groups.filter(pk=advisors.pk).exists()
    event = AuditEvent.objects.get(object_type="user", object_id=newcomer.pk)
    assert event.action == AuditAction.UPDATE
    assert event.actor_id == superuser.pk
    assert "vertrouwenspersoon" in event.detail


# --- a request has no effect until a second person approves ---------------------------


def test_a_request_changes_nothing_until_approved(
    functional_admin, newcomer, other_organisation, advisor
):
    otp.new_recovery_codes(advisor)
    TOTPDevice.objects.create(user=advisor, name="app", confirmed=True)
    grant_advisor(functional_admin, newcomer)
    approvals.request_membership_change(
        by=functional_admin, subject=newcomer, organisation=other_organisation
    )
    approvals.request_two_factor_reset(by=functional_admin, subject=advisor)
    assert not newcomer.groups.exists()
    assert not Membership.objects.filter(user=newcomer).exists()
    assert TOTPDevice.objects.filter(user=advisor).exists()
    assert StaticDevice.objects.filter(user=advisor).exists()
    assert AccessRequest.objects.filter(status=AccessRequestStatus.PENDING).count() == 3


def test_approval_by_a_second_admin_gives_case_access(
    functional_admin, second_admin, newcomer, other_org_case, other_organisation
):
    role = grant_advisor(functional_admin, newcomer)
    membership = approvals.request_membership_change(
        by=functional_admin, subject=newcomer, organisation=other_organisation
    )
    assert not sees_case(newcomer, other_org_case)
    client = logged_in(second_admin)
    for access_request in (role, membership):
        response = client.post(decide_url(access_request), {"decision": "approve"})
        assert response.status_code == 302
    assert sees_case(newcomer, other_org_case)
    role.refresh_from_db()
    assert role.status == AccessRequestStatus.APPROVED
    assert role.decided_by == second_admin


def test_the_privacy_officer_may_approve(
    functional_admin, privacy_officer, newcomer, organisation
):
    access_request = approvals.request_membership_change(
        by=functional_admin, subject=newcomer, organisation=organisation
    )
    response = logged_in(privacy_officer).post(
        decide_url(access_request), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).organisation == organisation


def test_withdrawing_a_role_and_an_organisation_also_waits_and_then_ends_access(
    functional_admin, second_admin, advisor, case
):
    revoke = approvals.request_role_change(
        by=functional_admin, subject=advisor, role=Role.ADVISOR, grant=False
    )
    leave = approvals.request_membership_change(
        by=functional_admin, subject=advisor, organisation=None
    )
    assert sees_case(advisor, case)
    approvals.decide(access_request=revoke, by=second_admin, approve=True)
    approvals.decide(access_request=leave, by=second_admin, approve=True)
    assert not sees_case(advisor, case)
    assert not Membership.objects.filter(user=advisor).exists()


# --- four eyes ------------------------------------------------------------------------


def test_the_requester_cannot_approve_their_own_request(functional_admin, newcomer):
    access_request = grant_advisor(functional_admin, newcomer)
    with pytest.raises(PermissionDenied):
        approvals.decide(
            access_request=access_request, by=functional_admin, approve=True
        )
    page = logged_in(functional_admin).get(decide_url(access_request))
    assert page.status_code == 200
    assert 'name="decision"' not in page.content.decode()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.PENDING
    assert not newcomer.groups.exists()


def test_nobody_approves_a_request_about_themselves(functional_admin, second_admin):
    access_request = approvals.request_role_change(
        by=functional_admin, subject=second_admin, role=Role.ADVISOR, grant=True
    )
    with pytest.raises(PermissionDenied):
        approvals.decide(access_request=access_request, by=second_admin, approve=True)
    response = logged_in(second_admin).post(
        decide_url(access_request), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert not second_admin.groups.filter(name=Role.ADVISOR).exists()


def test_a_request_about_oneself_needs_someone_else(functional_admin, second_admin):
    access_request = approvals.request_role_change(
        by=functional_admin, subject=functional_admin, role=Role.ADVISOR, grant=True
    )
    with pytest.raises(PermissionDenied):
        approvals.decide(
            access_request=access_request, by=functional_admin, approve=True
        )
    approvals.decide(access_request=access_request, by=second_admin, approve=True)
    assert functional_admin.groups.filter(name=Role.ADVISOR).exists()


@pytest.mark.parametrize("who", ["requested_by", "subject"])
def test_the_database_refuses_a_decision_by_the_requester_or_subject(
    functional_admin, second_admin, who
):
    access_request = approvals.request_role_change(
        by=functional_admin, subject=second_admin, role=Role.STAFF, grant=True
    )
    person = functional_admin if who == "requested_by" else second_admin
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessRequest.objects.filter(pk=access_request.pk).update(
            status=AccessRequestStatus.APPROVED, decided_by=person
        )


def test_a_decided_request_cannot_be_decided_again(
    functional_admin, second_admin, privacy_officer, newcomer
):
    access_request = grant_advisor(functional_admin, newcomer)
    approvals.decide(access_request=access_request, by=second_admin, approve=False)
    with pytest.raises(ValidationError):
        approvals.decide(
            access_request=access_request, by=privacy_officer, approve=True
        )
    response = logged_in(privacy_officer).post(
        decide_url(access_request), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert not newcomer.groups.exists()


def test_rejection_leaves_nothing(
    functional_admin, second_admin, newcomer, organisation, advisor
):
    TOTPDevice.objects.create(user=advisor, name="app", confirmed=True)
    requests = [
        grant_advisor(functional_admin, newcomer),
        approvals.request_membership_change(
            by=functional_admin, subject=newcomer, organisation=organisation
        ),
        approvals.request_two_factor_reset(by=functional_admin, subject=advisor),
    ]
    client = logged_in(second_admin)
    for access_request in requests:
        response = client.post(decide_url(access_request), {"decision": "reject"})
        assert response.status_code == 302
        access_request.refresh_from_db()
        assert access_request.status == AccessRequestStatus.REJECTED
    assert not newcomer.groups.exists()
    assert not Membership.objects.filter(user=newcomer).exists()
    assert TOTPDevice.objects.filter(user=advisor).exists()
    assert not AuditEvent.objects.filter(object_type="user").exists()


# --- the second factor ----------------------------------------------------------------


def test_an_approved_2fa_reset_removes_the_devices_and_sessions(
    functional_admin,
    second_admin,
    advisor,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    advisor_client = logged_in(advisor)
    otp.new_recovery_codes(advisor)
    access_request = approvals.request_two_factor_reset(
        by=functional_admin, subject=advisor
    )
    assert advisor_client.get(reverse("cases:queue")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        approvals.decide(access_request=access_request, by=second_admin, approve=True)
    assert not TOTPDevice.objects.filter(user=advisor).exists()
    assert not StaticDevice.objects.filter(user=advisor).exists()
    assert not UserSession.objects.filter(user_id=advisor.pk).exists()
    assert advisor_client.get(reverse("cases:queue")).status_code == 302
    password_only = Client()
    password_only.force_login(advisor)
    response = password_only.get(reverse("cases:queue"))
    assert response["Location"].startswith(reverse(SETUP))
    event = AuditEvent.objects.get(object_type="user", object_id=advisor.pk)
    assert event.actor_id == second_admin.pk
    assert "2FA reset" in event.detail
    assert advisor.email in [m.to[0] for m in mailoutbox]


def test_a_2fa_reset_for_an_account_without_a_second_factor_is_refused(
    functional_admin, newcomer
):
    with pytest.raises(ValidationError):
        approvals.request_two_factor_reset(by=functional_admin, subject=newcomer)


# --- the access log and the e-mails --------------------------------------------------


def test_request_and_decision_are_audit_events(
    functional_admin, second_admin, privacy_officer, newcomer
):
    granted = grant_advisor(functional_admin, newcomer)
    rejected = approvals.request_role_change(
        by=functional_admin, subject=newcomer, role=Role.STAFF, grant=True
    )
    approvals.decide(access_request=granted, by=second_admin, approve=True)
    approvals.decide(access_request=rejected, by=privacy_officer, approve=False)
    events = AuditEvent.objects.filter(object_type="accessrequest")
    assert set(events.values_list("action", "actor_id", "object_id")) == {
        (AuditAction.CREATE, functional_admin.pk, granted.pk),
        (AuditAction.CREATE, functional_admin.pk, rejected.pk),
        (AuditAction.CONFIRM, second_admin.pk, granted.pk),
        (AuditAction.DECLINE, privacy_officer.pk, rejected.pk),
    }
    change = AuditEvent.objects.get(object_type="user", object_id=newcomer.pk)
    assert change.action == AuditAction.UPDATE
    assert change.detail == f"role granted: vertrouwenspersoon (request {granted.pk})"
    # The privacy officer finds them in the access log.
    page = logged_in(privacy_officer).get(reverse("security:access_log"))
    assert "accessrequest" in page.content.decode()


def test_the_person_and_the_privacy_officer_get_content_free_mails(
    functional_admin,
    second_admin,
    privacy_officer,
    newcomer,
    other_org_case,
    other_organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        access_request = approvals.request_membership_change(
            by=functional_admin, subject=newcomer, organisation=other_organisation
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [newcomer.email, privacy_officer.email]
    )
    with django_capture_on_commit_callbacks(execute=True):
        approvals.decide(access_request=access_request, by=second_admin, approve=True)
    assert len(mailoutbox) == 4
    for message in mailoutbox:
        text = message.subject + message.body
        assert "Organisatie wijzigen" in text
        for secret in (
            other_org_case.reference,
            other_org_case.office_holder.name,
            "GEHEIM-ZIN-42",
            other_organisation.name,
            newcomer.username,
            functional_admin.username,
            second_admin.username,
        ):
            assert secret not in text
    assert "Goedgekeurd" in mailoutbox[-1].body


def test_a_failing_mail_server_does_not_undo_the_request(
    functional_admin, newcomer, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("security.approvals.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        access_request = grant_advisor(functional_admin, newcomer)
    assert AccessRequest.objects.filter(pk=access_request.pk).exists()


# --- the pages ------------------------------------------------------------------------


def test_admin_requests_through_the_pages_and_a_second_admin_approves(
    functional_admin, second_admin, newcomer, other_organisation
):
    client = logged_in(functional_admin)
    assert client.get(reverse("security:approvals")).status_code == 200
    response = client.post(
        reverse("security:approval_request_role"),
        {"account": newcomer.pk, "change": "grant", "role": Role.ADVISOR},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("security:approval_request_membership"),
        {"account": newcomer.pk, "organisation": other_organisation.pk},
    )
    assert response.status_code == 302
    listing = logged_in(second_admin).get(reverse("security:approvals"))
    assert listing.content.decode().count(newcomer.username) == 2
    for access_request in AccessRequest.objects.all():
        page = logged_in(second_admin).get(decide_url(access_request))
        assert 'name="decision"' in page.content.decode()
        logged_in(second_admin).post(
            decide_url(access_request), {"decision": "approve"}
        )
    assert newcomer.groups.filter(name=Role.ADVISOR).exists()
    assert Membership.objects.get(user=newcomer).organisation == other_organisation


def test_2fa_reset_page_asks_for_the_identity_check(functional_admin, advisor):
    TOTPDevice.objects.create(user=advisor, name="app", confirmed=True)
    client = logged_in(functional_admin)
    url = reverse("security:approval_request_two_factor")
    response = client.post(url, {"account": advisor.pk})
    assert response.status_code == 400
    assert "Bevestig dat u hebt nagegaan wie dit vraagt." in response.content.decode()
    assert not AccessRequest.objects.exists()
    response = client.post(url, {"account": advisor.pk, "identity_checked": "on"})
    assert response.status_code == 302
    assert AccessRequest.objects.get().kind == AccessRequestKind.TWO_FACTOR_RESET


REQUEST_URLS = [
    "security:approval_request_role",
    "security:approval_request_membership",
    "security:approval_request_two_factor",
]


@pytest.mark.parametrize(
    "role",
    [
        "advisor",
        "ambassador_user",
        "staff_user",
        "privacy_officer",
        "selection_member",
        "no_role_user",
    ],
)
def test_other_roles_cannot_request(request, role, newcomer):
    client = logged_in(request.getfixturevalue(role))
    for name in REQUEST_URLS:
        response = client.post(
            reverse(name),
            {
                "account": newcomer.pk,
                "change": "grant",
                "role": Role.ADVISOR,
                "identity_checked": "on",
            },
        )
        assert response.status_code == 403
    assert not AccessRequest.objects.exists()


@pytest.mark.parametrize(
    "role",
    ["advisor", "ambassador_user", "staff_user", "selection_member", "no_role_user"],
)
def test_other_roles_cannot_see_or_decide(request, role, functional_admin, newcomer):
    access_request = grant_advisor(functional_admin, newcomer)
    client = logged_in(request.getfixturevalue(role))
    assert client.get(reverse("security:approvals")).status_code == 403
    assert client.get(decide_url(access_request)).status_code == 403
    response = client.post(decide_url(access_request), {"decision": "approve"})
    assert response.status_code == 403
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.PENDING


def test_anonymous_is_sent_to_log_in(functional_admin, newcomer):
    access_request = grant_advisor(functional_admin, newcomer)
    response = Client().post(decide_url(access_request), {"decision": "approve"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_posts_need_the_csrf_token(functional_admin, second_admin, newcomer):
    access_request = grant_advisor(functional_admin, newcomer)
    client = VerifiedClient(enforce_csrf_checks=True)
    client.force_login(second_admin)
    response = client.post(decide_url(access_request), {"decision": "approve"})
    assert response.status_code == 403
    assert not newcomer.groups.exists()


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"account": "999999", "change": "grant", "role": "vertrouwenspersoon"},
            "Kies een account uit de lijst.",
        ),
        (
            {"account": "x\x00", "change": "grant", "role": "vertrouwenspersoon"},
            "Null-tekens zijn niet toegestaan.",
        ),
        (
            {"change": "grant", "role": "beheerder-van-alles"},
            "Kies een rol uit de lijst.",
        ),
        (
            {"change": "alles", "role": "vertrouwenspersoon"},
            "Kies toekennen of intrekken.",
        ),
    ],
)
def test_bad_role_requests_get_dutch_messages(
    functional_admin, newcomer, data, message
):
    data = {"account": newcomer.pk, **data}
    response = logged_in(functional_admin).post(
        reverse("security:approval_request_role"), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_a_superuser_account_cannot_be_chosen(functional_admin, superuser):
    response = logged_in(functional_admin).post(
        reverse("security:approval_request_role"),
        {"account": superuser.pk, "change": "grant", "role": Role.ADVISOR},
    )
    assert response.status_code == 400
    assert "Kies een account uit de lijst." in response.content.decode()


def test_granting_a_role_already_held_is_refused_in_dutch(functional_admin, advisor):
    response = logged_in(functional_admin).post(
        reverse("security:approval_request_role"),
        {"account": advisor.pk, "change": "grant", "role": Role.ADVISOR},
    )
    assert response.status_code == 400
    assert "Dit account heeft deze rol al." in response.content.decode()


def test_the_same_change_twice_is_refused_in_dutch(functional_admin, newcomer):
    grant_advisor(functional_admin, newcomer)
    response = logged_in(functional_admin).post(
        reverse("security:approval_request_role"),
        {"account": newcomer.pk, "change": "grant", "role": Role.ADVISOR},
    )
    assert response.status_code == 400
    assert "wacht al op goedkeuring" in response.content.decode()
    assert AccessRequest.objects.count() == 1


def test_moving_to_the_same_organisation_is_refused_in_dutch(
    functional_admin, advisor, organisation
):
    response = logged_in(functional_admin).post(
        reverse("security:approval_request_membership"),
        {"account": advisor.pk, "organisation": organisation.pk},
    )
    assert response.status_code == 400
    assert "Dit account hoort al bij deze organisatie." in response.content.decode()


def test_an_empty_decision_is_refused_in_dutch(
    functional_admin, second_admin, newcomer
):
    access_request = grant_advisor(functional_admin, newcomer)
    response = logged_in(second_admin).post(decide_url(access_request), {})
    assert response.status_code == 400
    assert "Kies of u goedkeurt of afwijst." in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.PENDING


def test_an_unknown_request_is_404(second_admin):
    assert (
        logged_in(second_admin).get("/account/goedkeuringen/999999/").status_code == 404
    )


NASTY = st.one_of(
    st.text(max_size=30),
    st.just("\x00"),
    st.just("a" * 100_000),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "-1", "99999999999999999999", "grant", "approve", "[]"]),
)


def test_fuzzed_posts_never_fail_or_half_save(functional_admin, second_admin, newcomer):
    access_request = grant_advisor(functional_admin, newcomer)
    targets = [
        (logged_in(functional_admin), reverse(name)) for name in REQUEST_URLS
    ] + [(logged_in(second_admin), decide_url(access_request))]
    fields = ["account", "change", "role", "organisation", "identity_checked"]
    fields.append("decision")

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        derandomize=True,
    )
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, NASTY)))
    def post(data):
        for client, url in targets:
            with transaction.atomic():
                response = client.post(url, data)
                assert response.status_code < 500, (url, data)
                if response.status_code >= 400:
                    assert AccessRequest.objects.count() == 1
                    assert not AuditEvent.objects.filter(object_type="user").exists()
                transaction.set_rollback(True)

    post()


def test_the_menu_shows_approvals_to_admins_and_the_privacy_officer(
    functional_admin, privacy_officer, advisor
):
    url = reverse("security:approvals")
    assert url in logged_in(functional_admin).get(reverse("home")).content.decode()
    page = logged_in(privacy_officer).get(reverse("security:access_log"))
    assert url in page.content.decode()
    assert url not in logged_in(advisor).get(reverse("cases:queue")).content.decode()


def test_the_privacy_officer_decides_but_does_not_request(privacy_officer):
    page = logged_in(privacy_officer).get(reverse("security:approvals"))
    assert page.status_code == 200
    assert reverse("security:approval_request_role") not in page.content.decode()


def test_a_new_party_advisor_is_two_steps_and_two_people(
    functional_admin, second_admin, other_org_case, other_organisation
):
    """The real set-up of a party's advisor: the account in /beheer/, then the role
    and the organisation here, approved by someone else."""
    person = UserFactory(username="vp.partij2", organisation=False)
    for access_request in (
        grant_advisor(functional_admin, person),
        approvals.request_membership_change(
            by=functional_admin, subject=person, organisation=other_organisation
        ),
    ):
        approvals.decide(access_request=access_request, by=second_admin, approve=True)
    assert sees_case(person, other_org_case)
