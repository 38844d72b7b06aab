"""``visible_to(user)``: the one place that decides who sees which case, for every role.

An advisor sees their own organisation's cases; an ambassador only a case handed to
them, while the handoff is active *and* the per-object grant exists; nobody else sees
anything — not staff, not functional admins, not superusers, not inactive users.
"""

import pytest
from django.contrib.auth.models import Permission
from guardian.shortcuts import remove_perm

from cases.constants import ConsentPurpose, HandoffStatus
from cases.models import (
    Case,
    CaseHistory,
    Consent,
    Handoff,
    Note,
    OfficeHolder,
    Referral,
)
from cases.services.case import case_close
from cases.services.consent import consent_revoke
from cases.services.handoff import handoff_decline, handoff_withdraw
from tests.factories import (
    CaseFactory,
    NoteFactory,
    OfficeHolderFactory,
    ReferralFactory,
    UserFactory,
    fresh,
    handed_off_case,
)

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "other_ambassador",
    "staff_user",
    "functional_admin",
    "superuser",
    "inactive_advisor",
    "no_role_user",
    "anonymous",
]


def visible(user):
    return set(Case.objects.visible_to(user).values_list("pk", flat=True))


def as_user(value):
    """Fixtures give users, or ambassadors whose user is ``.user``."""
    return getattr(value, "user", value)


# --- advisors -------------------------------------------------------------------------


def test_advisor_sees_every_case_of_their_organisation(
    advisor, colleague, case, other_org_case
):
    colleagues_case = CaseFactory(organisation=case.organisation, owner=colleague)
    unowned = CaseFactory(organisation=case.organisation)
    assert visible(advisor) == {case.pk, colleagues_case.pk, unowned.pk}


def test_advisor_does_not_see_another_organisations_cases(
    other_org_advisor, case, other_org_case
):
    assert visible(other_org_advisor) == {other_org_case.pk}


def test_advisor_without_membership_sees_nothing(case):
    homeless = fresh(UserFactory(advisor=True, organisation=False))
    assert visible(homeless) == set()


def test_advisor_still_sees_a_case_handed_to_an_ambassador(advisor, accepted_case):
    assert visible(advisor) == {accepted_case.pk}


def test_inactive_advisor_sees_nothing(inactive_advisor, case):
    assert visible(inactive_advisor) == set()


# --- ambassadors ----------------------------------------------------------------------


def test_ambassador_sees_an_offered_case_handed_to_them(ambassador, handed_case):
    CaseFactory(organisation=handed_case.organisation)
    assert visible(ambassador.user) == {handed_case.pk}


def test_ambassador_sees_an_accepted_case(ambassador, accepted_case):
    assert visible(ambassador.user) == {accepted_case.pk}


def test_ambassador_does_not_see_unhanded_cases_of_their_organisation(ambassador, case):
    assert visible(ambassador.user) == set()


def test_ambassador_without_the_grant_sees_nothing(ambassador, accepted_case):
    remove_perm("cases.access_case", ambassador.user, accepted_case)
    assert visible(fresh(ambassador.user)) == set()


def test_ambassador_whose_handoff_ended_sees_nothing_even_with_the_grant(
    ambassador, accepted_case
):
    Handoff.objects.filter(case=accepted_case).update(status=HandoffStatus.ENDED)
    assert fresh(ambassador.user).has_perm("cases.access_case", accepted_case)
    assert visible(fresh(ambassador.user)) == set()


def test_ambassador_loses_the_case_after_declining(ambassador, handed_case):
    handoff_decline(
        handoff=handed_case.handoffs.get(), by=ambassador.user, reason="Ik ken haar."
    )
    assert visible(fresh(ambassador.user)) == set()


def test_ambassador_loses_the_case_when_handoff_consent_is_revoked(
    advisor, ambassador, accepted_case
):
    consent = accepted_case.consents.get(purpose=ConsentPurpose.HANDOFF)
    consent_revoke(consent=consent, by=advisor, reason="Wil het zelf doen.")
    assert visible(fresh(ambassador.user)) == set()


def test_ambassador_loses_the_case_after_closing_it(ambassador, accepted_case):
    case_close(case=accepted_case, by=ambassador.user, outcome="Afgerond.")
    assert visible(fresh(ambassador.user)) == set()


def test_ambassador_loses_the_case_when_the_advisor_takes_it_back(
    advisor, ambassador, accepted_case
):
    handoff_withdraw(case=accepted_case, by=advisor, reason="Escalatie.")
    assert visible(fresh(ambassador.user)) == set()


def test_another_ambassador_never_sees_the_case(other_ambassador, accepted_case):
    assert visible(other_ambassador.user) == set()


def test_ambassador_sees_only_their_own_of_several_handed_cases(
    advisor, ambassador, other_ambassador, office_holder
):
    mine = handed_off_case(
        case=CaseFactory(office_holder=office_holder),
        advisor=advisor,
        ambassador=ambassador,
    )
    handed_off_case(
        case=CaseFactory(office_holder=office_holder),
        advisor=advisor,
        ambassador=other_ambassador,
    )
    assert visible(ambassador.user) == {mine.pk}


def test_model_wide_case_access_permission_shows_an_ambassador_nothing(
    ambassador, accepted_case
):
    user = ambassador.user
    user.user_permissions.add(
        Permission.objects.get(codename="access_case", content_type__app_label="cases")
    )
    remove_perm("cases.access_case", user, accepted_case)
    other = CaseFactory(organisation=accepted_case.organisation)
    assert visible(fresh(user)) == set()
    assert other.pk not in visible(fresh(user))


def test_ambassador_whose_account_is_deactivated_sees_nothing(
    ambassador, accepted_case
):
    ambassador.user.is_active = False
    ambassador.user.save(update_fields=["is_active"])
    assert visible(fresh(ambassador.user)) == set()


# --- everybody else -------------------------------------------------------------------


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_see_no_case(request, outsider, accepted_case, other_org_case):
    CaseFactory(organisation=accepted_case.organisation)
    user = as_user(request.getfixturevalue(outsider))
    assert visible(user) == set()


def test_superuser_with_every_model_permission_sees_nothing(superuser, accepted_case):
    assert superuser.is_superuser
    assert superuser.has_perm("cases.view_case")
    assert superuser.has_perm("cases.access_case", accepted_case)
    assert visible(superuser) == set()


# --- the case's children and the office holders ---------------------------------------

CHILD_MODELS = [CaseHistory, Consent, Handoff, Note, Referral]


@pytest.fixture
def world(accepted_case, other_org_case):
    """An accepted case, an unhanded case of the same organisation and a case of
    another organisation, each with a note, a referral (and its consent) and history."""
    same_org = CaseFactory(organisation=accepted_case.organisation)
    for case in (accepted_case, same_org, other_org_case):
        NoteFactory(case=case)
        ReferralFactory(case=case)
    return {"handed": accepted_case, "same_org": same_org, "other_org": other_org_case}


def expectations(*pairs):
    return [pytest.param(who, expected, id=who) for who, expected in pairs]


CHILD_EXPECTATIONS = expectations(
    ("advisor", {"handed", "same_org"}),
    ("ambassador", {"handed"}),
    ("other_org_advisor", {"other_org"}),
    *((outsider, set()) for outsider in OUTSIDERS),
)


@pytest.mark.parametrize("model", CHILD_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize(("who", "expected"), CHILD_EXPECTATIONS)
def test_case_children_are_visible_with_their_case(
    request, world, model, who, expected
):
    user = as_user(request.getfixturevalue(who))
    expected_ids = {world[name].pk for name in expected}
    rows = model.objects.visible_to(user)
    assert set(rows.values_list("case_id", flat=True)) <= expected_ids
    assert rows.count() == model.objects.filter(case_id__in=expected_ids).count()


OFFICE_HOLDER_EXPECTATIONS = expectations(
    ("advisor", {"handed", "same_org", "no_case"}),
    ("ambassador", {"handed"}),
    ("other_org_advisor", {"other_org"}),
    *((outsider, set()) for outsider in OUTSIDERS),
)


@pytest.mark.parametrize(("who", "expected"), OFFICE_HOLDER_EXPECTATIONS)
def test_office_holders_are_visible_to_advisors_and_their_ambassador(
    request, world, who, expected
):
    holders = {name: case.office_holder for name, case in world.items()}
    holders["no_case"] = OfficeHolderFactory(organisation=world["handed"].organisation)
    user = as_user(request.getfixturevalue(who))
    assert set(OfficeHolder.objects.visible_to(user)) == {
        holders[name] for name in expected
    }
