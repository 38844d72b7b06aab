"""The accounts pages (/beheren/, security.administration) attacked: who gets in,
what one admin cannot do alone, and that every change is in the access log."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.constants import AuditAction, Role
from core.models import AuditEvent, Membership
from security import approvals
from security.models import AccessRequest, AccessRequestStatus, UserSession
from tests.conftest import logged_in
from tests.factories import PASSWORD, fresh

pytestmark = pytest.mark.django_db


def account_urls(pk: int) -> list[tuple[str, str]]:
    """(method, url) of every accounts page, about the account ``pk``."""
    return [
        ("get", reverse("administration:account_list")),
        ("get", reverse("administration:account_create")),
        ("post", reverse("administration:account_create")),
        ("get", reverse("administration:account_detail", args=[pk])),
        ("get", reverse("administration:account_deactivate", args=[pk])),
        ("post", reverse("administration:account_deactivate", args=[pk])),
        ("get", reverse("administration:account_reactivate", args=[pk])),
        ("post", reverse("administration:account_reactivate", args=[pk])),
        ("get", reverse("administration:account_role", args=[pk])),
        ("post", reverse("administration:account_role", args=[pk])),
        ("post", reverse("administration:account_role_revoke", args=[pk])),
        ("post", reverse("administration:account_invite", args=[pk])),
        ("get", reverse("administration:lockout_lift", args=[pk])),
        ("post", reverse("administration:lockout_lift", args=[pk])),
    ]


# --- who gets in ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        "advisor",
        "ambassador_user",
        "staff_user",
        "privacy_officer",
        "selection_member",
        "no_role_user",
        "superuser",
    ],
)
def test_no_other_role_reaches_any_accounts_page(request, role, advisor):
    """Not even a superuser: superusers maintain the server, not the people."""
    client = logged_in(request.getfixturevalue(role))
    before = AuditEvent.objects.count()
    for method, url in account_urls(advisor.pk):
        response = getattr(client, method)(
            url, {"role": Role.ADVISOR, "username": "x", "choice": "x"}
        )
        assert response.status_code in (403, 404), (role, method, url)
    assert AuditEvent.objects.count() == before
    advisor.refresh_from_db()
    assert advisor.is_active


def test_anonymous_is_sent_to_log_in(advisor):
    for method, url in account_urls(advisor.pk):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_failures_page_is_for_admins_and_the_privacy_officer(
    functional_admin, privacy_officer, advisor, staff_user
):
    url = reverse("administration:login_failures")
    assert logged_in(functional_admin).get(url).status_code == 200
    page = logged_in(privacy_officer).get(url)
    assert page.status_code == 200
    for user in (advisor, staff_user):
        assert logged_in(user).get(url).status_code == 403
    # The privacy officer reads, but does not lift a lockout.
    lift = reverse("administration:lockout_lift", args=[advisor.pk])
    assert logged_in(privacy_officer).post(lift).status_code == 403


def test_a_superuser_account_is_not_managed_here(functional_admin, superuser):
    client = logged_in(functional_admin)
    for method, url in account_urls(superuser.pk)[3:]:
        assert getattr(client, method)(url).status_code == 404, url
    superuser.refresh_from_db()
    assert superuser.is_active


def test_a_password_only_session_is_sent_to_the_second_factor(
    unverified_client, functional_admin
):
    unverified_client.force_login(functional_admin)
    response = unverified_client.get(reverse("administration:account_list"))
    assert response.status_code == 302
    assert "/2fa/" in response["Location"]


# --- four eyes: roles -----------------------------------------------------------------


def test_an_admin_cannot_grant_themselves_a_role(functional_admin, organisation):
    """Asking is allowed (someone else decides); the role comes only then."""
    client = logged_in(functional_admin)
    # The own account page offers no role buttons...
    page = client.get(
        reverse("administration:account_detail", args=[functional_admin.pk])
    )
    assert page.status_code == 200
    assert reverse("administration:account_role", args=[functional_admin.pk]) not in (
        page.content.decode()
    )
    # ...and a direct POST only records a request.
    response = client.post(
        reverse("administration:account_role", args=[functional_admin.pk]),
        {"choice": f"{Role.ADVISOR}|{organisation.pk}"},
    )
    assert response.status_code == 302
    assert not fresh(functional_admin).groups.filter(name=Role.ADVISOR).exists()
    access_request = AccessRequest.objects.get(subject=functional_admin)
    assert access_request.status == AccessRequestStatus.PENDING
    # Nor can they approve it: not their request, not about themselves.
    response = client.post(
        reverse("security:approval_detail", args=[access_request.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 403
    assert not fresh(functional_admin).groups.filter(name=Role.ADVISOR).exists()


def test_an_admin_cannot_approve_their_own_request(
    functional_admin, second_admin, newcomer, organisation
):
    client = logged_in(functional_admin)
    client.post(
        reverse("administration:account_role", args=[newcomer.pk]),
        {"choice": f"{Role.ADVISOR}|{organisation.pk}"},
    )
    made = list(AccessRequest.objects.filter(subject=newcomer))
    assert {r.kind for r in made} == {"organisatie", "rol-toekennen"}
    for access_request in made:
        response = client.post(
            reverse("security:approval_detail", args=[access_request.pk]),
            {"decision": "approve"},
        )
        assert response.status_code == 403
    newcomer = fresh(newcomer)
    assert not newcomer.groups.exists()
    assert not Membership.objects.filter(user=newcomer).exists()
    # A second admin approves both: the role in the organisation holds.
    for access_request in made:
        approvals.decide(access_request=access_request, by=second_admin, approve=True)
    newcomer = fresh(newcomer)
    assert newcomer.groups.filter(name=Role.ADVISOR).exists()
    assert newcomer.membership.organisation == organisation


def test_a_role_at_another_organisation_is_refused_in_dutch(
    functional_admin, advisor, other_organisation
):
    response = logged_in(functional_admin).post(
        reverse("administration:account_role", args=[advisor.pk]),
        {"choice": f"{Role.STAFF}|{other_organisation.pk}"},
    )
    assert response.status_code == 400
    assert "andere organisatie" in response.content.decode()
    assert not AccessRequest.objects.filter(subject=advisor).exists()


@pytest.mark.parametrize("choice", ["", "x", "baas|1", f"{Role.ADVISOR}|999999"])
def test_a_bad_role_choice_is_refused_in_dutch(functional_admin, newcomer, choice):
    response = logged_in(functional_admin).post(
        reverse("administration:account_role", args=[newcomer.pk]),
        {"choice": choice},
    )
    assert response.status_code == 400
    assert "Kies" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_withdrawing_a_role_is_a_request(functional_admin, advisor):
    response = logged_in(functional_admin).post(
        reverse("administration:account_role_revoke", args=[advisor.pk]),
        {"role": Role.ADVISOR},
    )
    assert response.status_code == 302
    assert fresh(advisor).groups.filter(name=Role.ADVISOR).exists()
    assert AccessRequest.objects.get(subject=advisor).kind == "rol-intrekken"


# --- a lost authenticator -------------------------------------------------------------


def test_resetting_a_lost_authenticator_takes_a_second_admin(
    functional_admin, second_admin, advisor, django_capture_on_commit_callbacks
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=advisor, name="app", confirmed=True)
    client = logged_in(functional_admin)
    detail = client.get(reverse("administration:account_detail", args=[advisor.pk]))
    reset_url = reverse("security:approval_request_two_factor")
    assert f"{reset_url}?account={advisor.pk}" in detail.content.decode()
    form = client.get(reset_url, {"account": advisor.pk})
    assert form.context["form"].initial == {"account": str(advisor.pk)}
    back = reverse("administration:account_detail", args=[advisor.pk])
    assert f'href="{back}"' in form.content.decode()
    client.post(reset_url, {"account": advisor.pk, "identity_checked": "on"})
    access_request = AccessRequest.objects.get(subject=advisor)
    assert TOTPDevice.objects.filter(user=advisor).exists()
    assert (
        client.post(
            reverse("security:approval_detail", args=[access_request.pk]),
            {"decision": "approve"},
        ).status_code
        == 403
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approvals.decide(access_request=access_request, by=second_admin, approve=True)
    assert not TOTPDevice.objects.filter(user=advisor).exists()
    told = [m for m in mail.outbox if m.to == [advisor.email]]
    assert len(told) == 1
    assert "Gerda" not in told[0].body
    assert advisor.username not in told[0].body
    assert AuditEvent.objects.filter(
        object_type="user", object_id=advisor.pk, detail__startswith="2FA reset"
    ).exists()


# --- deactivate -----------------------------------------------------------------------


def test_deactivating_ends_every_session_now(functional_admin, advisor):
    victim = logged_in(advisor)
    assert victim.get(reverse("cases:queue")).status_code == 200
    assert UserSession.objects.filter(user_id=advisor.pk).exists()
    client = logged_in(functional_admin)
    confirm = client.get(
        reverse("administration:account_deactivate", args=[advisor.pk])
    )
    assert confirm.status_code == 200
    assert fresh(advisor).is_active  # the confirmation page changes nothing
    response = client.post(
        reverse("administration:account_deactivate", args=[advisor.pk])
    )
    assert response.status_code == 302
    assert not fresh(advisor).is_active
    assert not UserSession.objects.filter(user_id=advisor.pk).exists()
    assert victim.get(reverse("cases:queue")).status_code == 302
    event = AuditEvent.objects.get(
        object_type="user", object_id=advisor.pk, action=AuditAction.UPDATE
    )
    assert event.actor_id == functional_admin.pk
    assert event.detail.startswith("deactivated")


def test_an_admin_cannot_deactivate_themselves(functional_admin):
    response = logged_in(functional_admin).post(
        reverse("administration:account_deactivate", args=[functional_admin.pk]),
        follow=True,
    )
    assert "eigen account" in response.content.decode()
    assert fresh(functional_admin).is_active


def test_reactivating_is_logged(functional_admin, inactive_advisor):
    response = logged_in(functional_admin).post(
        reverse("administration:account_reactivate", args=[inactive_advisor.pk])
    )
    assert response.status_code == 302
    assert fresh(inactive_advisor).is_active
    assert AuditEvent.objects.filter(
        object_id=inactive_advisor.pk, detail="reactivated", actor=functional_admin
    ).exists()


# --- lockouts -------------------------------------------------------------------------


def _fail_logins(user, times=6):
    for _attempt in range(times):
        Client().post(
            reverse("login"),
            {"username": user.username, "password": "fout"},
            REMOTE_ADDR="192.0.2.10",
        )


def test_lifting_a_lockout_removes_the_axes_attempts(functional_admin, advisor):
    _fail_logins(advisor)
    login = {"username": advisor.username, "password": PASSWORD}
    assert Client().post(reverse("login"), login).status_code == 429
    client = logged_in(functional_admin)
    page = client.get(reverse("administration:login_failures"))
    lift = reverse("administration:lockout_lift", args=[advisor.pk])
    assert lift in page.content.decode()
    assert client.get(lift).status_code == 200
    assert AccessAttempt.objects.filter(username=advisor.username).exists()
    assert client.post(lift).status_code == 302
    assert not AccessAttempt.objects.filter(username=advisor.username).exists()
    assert Client().post(reverse("login"), login).status_code == 302
    event = AuditEvent.objects.get(object_type="loginlockout")
    assert event.actor_id == functional_admin.pk
    assert event.object_id == advisor.pk


def test_the_failures_page_hides_what_was_typed_and_the_full_address(
    functional_admin, advisor
):
    Client().post(
        reverse("login"),
        {"username": "Geheim-Wachtwoord-99", "password": "x"},
        REMOTE_ADDR="198.51.100.77",
    )
    _fail_logins(advisor, times=2)
    html = (
        logged_in(functional_admin)
        .get(reverse("administration:login_failures"))
        .content.decode()
    )
    assert "Geheim-Wachtwoord-99" not in html
    assert "Onbekende gebruikersnaam" in html
    assert "198.51.100.77" not in html
    assert "198.51.100.x" in html
    assert advisor.username in html
    assert AuditEvent.objects.filter(
        object_type="loginfailures", actor=functional_admin
    ).exists()


# --- create ---------------------------------------------------------------------------


def test_creating_an_account_sends_an_invitation_and_grants_nothing(
    functional_admin, organisation, django_capture_on_commit_callbacks
):
    client = logged_in(functional_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("administration:account_create"),
            {
                "first_name": "Nina",
                "last_name": "Nieuw",
                "username": "vp.nina",
                "email": "Nina@Example.org",
                "organisation": organisation.pk,
            },
        )
    assert response.status_code == 302
    nina = User.objects.get(username="vp.nina")
    assert not nina.has_usable_password()
    assert not nina.groups.exists()
    assert nina.membership.organisation == organisation
    assert nina.email == "nina@example.org"
    assert AuditEvent.objects.filter(
        object_type="user", object_id=nina.pk, action=AuditAction.CREATE
    ).exists()
    (invitation,) = mail.outbox
    assert invitation.to == ["nina@example.org"]
    link = next(w for w in invitation.body.split() if "/wachtwoord-instellen/" in w)
    path = link.split("://", 1)[1].split("/", 1)[1]
    # The link sets the password once.
    anonymous = Client()
    step = anonymous.get("/" + path)
    assert step.status_code == 302
    form_url = step["Location"]
    new = "een-lang-en-eigen-wachtwoord-7"
    done = anonymous.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert fresh(nina).check_password(new)
    assert "geldig" not in anonymous.get("/" + path, follow=True).content.decode()
    assert AuditEvent.objects.filter(
        object_id=nina.pk, actor=nina, detail__startswith="password set"
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "vp.anna"}, "gebruikersnaam is al in gebruik"),
        ({"email": "anna@EXAMPLE.org"}, "e-mailadres"),
        ({"username": "met spatie"}, "gebruikersnaam"),
        ({"email": "geen-adres"}, "e-mailadres"),
        ({"first_name": "a\x00b"}, "niet toegestaan"),
        ({"organisation": "999999"}, "Kies een organisatie"),
    ],
)
def test_bad_input_on_create_is_refused_in_dutch_and_saves_nothing(
    functional_admin, advisor, organisation, data, message
):
    advisor.email = "anna@example.org"
    advisor.save()
    before = User.objects.count()
    response = logged_in(functional_admin).post(
        reverse("administration:account_create"),
        {
            "first_name": "Nina",
            "last_name": "Nieuw",
            "username": "vp.nina",
            "email": "nina@example.org",
            "organisation": organisation.pk,
            **data,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before
    assert not mail.outbox


# --- read events ----------------------------------------------------------------------


def test_the_list_and_the_detail_write_read_events(functional_admin, advisor):
    client = logged_in(functional_admin)
    client.get(reverse("administration:account_list"), {"q": "anna"})
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        object_type="user",
        object_id=advisor.pk,
        detail="list",
        actor=functional_admin,
    ).exists()
    client.get(reverse("administration:account_detail", args=[advisor.pk]))
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        object_type="user",
        object_id=advisor.pk,
        detail="detail",
    ).exists()


# --- the Django admin -----------------------------------------------------------------


def test_the_django_admin_is_for_superusers_only(functional_admin, superuser):
    response = logged_in(functional_admin).get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert logged_in(superuser).get(reverse("admin:index")).status_code == 200


def test_the_admin_start_page_links_to_the_accounts_pages(functional_admin):
    html = logged_in(functional_admin).get(reverse("home")).content.decode()
    assert reverse("administration:account_list") in html
    assert "/beheer/" not in html


# --- odd filters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"q": "a\x00b"},
        {"q": "x" * 5000},
        {"role": "baas"},
        {"organisation": "abc"},
        {"organisation": "99999999999999999999"},
        {"active": "misschien"},
        {"page": "-1"},
        {"page": "\x00"},
        {"q": "<script>alert(1)</script>", "page": "999"},
    ],
)
def test_odd_filters_are_no_500(functional_admin, query):
    client = logged_in(functional_admin)
    response = client.get(reverse("administration:account_list"), query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    page = query.get("page", "1")
    response = client.get(reverse("administration:login_failures"), {"page": page})
    assert response.status_code == 200


def test_the_filters_find_by_role_organisation_and_state(
    functional_admin, advisor, staff_user, inactive_advisor, other_org_advisor
):
    client = logged_in(functional_admin)

    def shown(**query):
        response = client.get(reverse("administration:account_list"), query)
        return {a.username for a in response.context["accounts"]}

    assert shown(role=Role.STAFF) == {staff_user.username}
    assert advisor.username in shown(role=Role.ADVISOR)
    assert other_org_advisor.username not in shown(
        organisation=advisor.membership.organisation_id
    )
    assert shown(active="no") == {inactive_advisor.username}
    assert shown(q="vp.an") == {advisor.username}
    html = client.get(reverse("administration:account_list")).content.decode()
    assert "Vertrouwenspersoon" in html
    assert "vertrouwenspersoon<" not in html  # labels, never slugs


# --- every change is in the access log ------------------------------------------------


def test_every_change_on_the_pages_writes_an_audit_event(
    functional_admin, advisor, newcomer, organisation
):
    newcomer.set_unusable_password()
    newcomer.save()
    client = logged_in(functional_admin)
    changes = [
        (
            reverse("administration:account_role", args=[newcomer.pk]),
            {"choice": f"{Role.STAFF}|{organisation.pk}"},
        ),
        (
            reverse("administration:account_role_revoke", args=[advisor.pk]),
            {"role": Role.ADVISOR},
        ),
        (reverse("administration:account_invite", args=[newcomer.pk]), {}),
        (reverse("administration:account_deactivate", args=[newcomer.pk]), {}),
        (reverse("administration:account_reactivate", args=[newcomer.pk]), {}),
        (reverse("administration:lockout_lift", args=[advisor.pk]), {}),
    ]
    for url, data in changes:
        before = set(
            AuditEvent.objects.exclude(action=AuditAction.VIEW).values_list(
                "pk", flat=True
            )
        )
        response = client.post(url, data)
        assert response.status_code == 302, url
        new = AuditEvent.objects.exclude(action=AuditAction.VIEW).exclude(pk__in=before)
        assert new.filter(actor=functional_admin).exists(), url


def test_the_invitation_is_not_sent_again_to_an_account_with_a_password(
    functional_admin, advisor
):
    response = logged_in(functional_admin).post(
        reverse("administration:account_invite", args=[advisor.pk]), follow=True
    )
    assert "al een wachtwoord" in response.content.decode()
    assert not mail.outbox
