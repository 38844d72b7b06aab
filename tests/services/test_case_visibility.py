"""``visible_to(user)``: the single place that decides who sees which case."""

import pytest
from django.contrib.auth.models import Permission
from guardian.shortcuts import remove_perm

from cases.models import Case, CaseHistory, Consent, Note, OfficeHolder, Referral
from cases.services.case import case_close
from cases.services.consent import consent_revoke
from cases.services.handoff import handoff_decline
from cases.services.notes import note_add
from cases.services.referrals import referral_create

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Case.objects.visible_to(user).values_list("pk", flat=True))


def test_advisor_sees_own_organisation_cases(advisor, colleague, case):
    assert visible(advisor) == {case.pk}
    assert visible(colleague) == {case.pk}


def test_advisor_of_other_organisation_sees_nothing(other_org_advisor, case):
    assert visible(other_org_advisor) == set()


def test_ambassador_sees_case_handed_to_them(ambassador, handed_case):
    assert visible(ambassador.user) == {handed_case.pk}


def test_other_ambassador_sees_nothing(other_ambassador, handed_case):
    assert visible(other_ambassador.user) == set()


def test_ambassador_without_grant_sees_nothing(ambassador, handed_case):
    remove_perm("cases.access_case", ambassador.user, handed_case)
    assert visible(ambassador.user) == set()


def test_ambassador_without_active_handoff_sees_nothing(ambassador, handed_case):
    handed_case.handoffs.update(status="beeindigd")
    assert visible(ambassador.user) == set()


def test_ambassador_loses_case_when_handoff_consent_is_revoked(
    advisor, ambassador, accepted_case
):
    consent = accepted_case.consents.get(purpose="overdracht")
    consent_revoke(consent=consent, by=advisor)
    assert visible(ambassador.user) == set()
    assert not ambassador.user.has_perm("cases.access_case", accepted_case)


def test_ambassador_loses_case_after_declining(ambassador, handed_case):
    handoff_decline(
        handoff=handed_case.handoffs.get(), by=ambassador.user, reason="Bekende"
    )
    assert visible(ambassador.user) == set()


def test_ambassador_loses_case_after_closing(ambassador, accepted_case):
    case_close(case=accepted_case, by=ambassador.user, outcome="Klaar")
    assert visible(ambassador.user) == set()


@pytest.mark.parametrize("role", ["staff_user", "functional_admin", "no_role_user"])
def test_roles_without_case_access_see_nothing(request, role, handed_case):
    assert visible(request.getfixturevalue(role)) == set()


def test_superuser_is_no_back_door(superuser, handed_case):
    superuser.user_permissions.set(Permission.objects.all())
    assert visible(superuser) == set()


def test_inactive_advisor_sees_nothing(advisor, case):
    advisor.is_active = False
    advisor.save()
    assert visible(advisor) == set()


def test_anonymous_sees_nothing(case):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


@pytest.mark.parametrize("model", [Note, Consent, Referral, CaseHistory])
def test_children_follow_their_case(model, advisor, ambassador, other_ambassador, full):
    assert model.objects.visible_to(advisor).exists()
    assert model.objects.visible_to(ambassador.user).exists()
    assert not model.objects.visible_to(other_ambassador.user).exists()


def test_office_holders_of_own_organisation_only(
    advisor, other_org_advisor, ambassador, other_ambassador, handed_case
):
    holder = handed_case.office_holder
    assert list(OfficeHolder.objects.visible_to(advisor)) == [holder]
    assert list(OfficeHolder.objects.visible_to(ambassador.user)) == [holder]
    assert not OfficeHolder.objects.visible_to(other_org_advisor).exists()
    assert not OfficeHolder.objects.visible_to(other_ambassador.user).exists()


@pytest.fixture
def full(accepted_case, advisor):
    from tests.kb_fixtures import give_consent

    give_consent(accepted_case, advisor, "doorverwijzing", "juridisch")
    referral_create(
        case=accepted_case, by=advisor, kind="juridisch", partner="Juridisch loket"
    )
    note_add(case=accepted_case, by=advisor, text="Notitie")
    return accepted_case
