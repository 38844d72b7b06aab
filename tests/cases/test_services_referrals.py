"""Referrals to a partner rest on a valid referral consent of the same kind; their
status follows its table; revoking the consent declines the open ones."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.constants import (
    REFERRAL_TRANSITIONS,
    ConsentPurpose,
    ReferralKind,
    ReferralStatus,
    Status,
)
from cases.models import Case, Referral
from cases.services.consent import consent_revoke
from cases.services.referrals import referral_create, referral_set_status
from tests.factories import ConsentFactory, ReferralFactory, consent_given, fresh

pytestmark = pytest.mark.django_db


def refer(case, by, kind=ReferralKind.LEGAL):
    return referral_create(
        case=case, by=by, kind=kind, partner="Fictief Juridisch Loket"
    )


def test_referral_without_consent_is_refused(ambassador, accepted_case):
    with pytest.raises(ValidationError):
        refer(accepted_case, ambassador.user)
    assert not Referral.objects.exists()


def test_referral_with_consent_for_another_kind_is_refused(
    advisor, ambassador, accepted_case
):
    consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.SECURITY,
    )
    with pytest.raises(ValidationError):
        refer(accepted_case, ambassador.user, kind=ReferralKind.LEGAL)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("purpose", [ConsentPurpose.HANDOFF, ConsentPurpose.STATISTICS])
def test_referral_with_consent_for_another_purpose_is_refused(
    advisor, ambassador, accepted_case, purpose
):
    consent_given(accepted_case, by=advisor, purpose=purpose)
    with pytest.raises(ValidationError):
        refer(accepted_case, ambassador.user)
    assert not Referral.objects.exists()


def test_referral_with_a_revoked_consent_is_refused(advisor, ambassador, accepted_case):
    consent = consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    consent_revoke(consent=consent, by=advisor)
    with pytest.raises(ValidationError):
        refer(accepted_case, ambassador.user)
    assert not Referral.objects.exists()


def test_referral_rests_on_the_matching_valid_consent(
    advisor, ambassador, accepted_case
):
    ConsentFactory(case=accepted_case, referral=True, revoked=True)
    consent = consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    referral = refer(accepted_case, ambassador.user)
    assert (referral.consent, referral.status) == (consent, ReferralStatus.PROPOSED)


def test_ambassador_records_a_referral_consent_and_refers(ambassador, accepted_case):
    consent_given(
        accepted_case,
        by=ambassador.user,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.PROFESSIONAL_HELP,
    )
    referral = refer(
        accepted_case, ambassador.user, kind=ReferralKind.PROFESSIONAL_HELP
    )
    assert referral.created_by == ambassador.user


def test_ambassador_cannot_refer_before_accepting(advisor, ambassador, handed_case):
    consent_given(
        handed_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    with pytest.raises(ValidationError):
        refer(handed_case, ambassador.user)
    assert not Referral.objects.exists()


def test_referral_of_an_unknown_kind_is_refused(advisor, accepted_case):
    with pytest.raises(ValidationError):
        refer(accepted_case, advisor, kind="waarzegger")


REFERRAL_MOVES = [
    pytest.param(
        start,
        end,
        end in REFERRAL_TRANSITIONS[start],
        id=f"{start}->{end}",
    )
    for start in ReferralStatus.values
    for end in ReferralStatus.values
]


@pytest.mark.parametrize(("start", "end", "allowed"), REFERRAL_MOVES)
def test_referral_status_moves_only_along_the_table(
    ambassador, accepted_case, start, end, allowed
):
    referral = ReferralFactory(case=accepted_case, status=start)
    if allowed:
        referral_set_status(referral=referral, by=ambassador.user, status=end)
    else:
        with pytest.raises(ValidationError):
            referral_set_status(referral=referral, by=ambassador.user, status=end)
    referral.refresh_from_db()
    assert referral.status == (end if allowed else start)


def test_another_ambassador_cannot_move_a_referral(other_ambassador, accepted_case):
    referral = ReferralFactory(case=accepted_case)
    with pytest.raises(PermissionDenied):
        referral_set_status(
            referral=referral, by=other_ambassador.user, status=ReferralStatus.ACCEPTED
        )


def test_revoking_referral_consent_declines_the_open_referrals(advisor, accepted_case):
    consent = consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    proposed = ReferralFactory(case=accepted_case, consent=consent)
    accepted = ReferralFactory(case=accepted_case, consent=consent, accepted=True)
    done = ReferralFactory(case=accepted_case, consent=consent, done=True)
    other = ReferralFactory(case=accepted_case, kind=ReferralKind.SECURITY)
    consent_revoke(consent=consent, by=advisor)
    statuses = {
        r.pk: r.status
        for r in Referral.objects.filter(pk__in=[proposed.pk, accepted.pk, done.pk])
    }
    assert statuses == {
        proposed.pk: ReferralStatus.DECLINED,
        accepted.pk: ReferralStatus.DECLINED,
        done.pk: ReferralStatus.DONE,
    }
    other.refresh_from_db()
    assert other.status == ReferralStatus.PROPOSED


def test_revoking_referral_consent_leaves_the_handoff_alone(
    advisor, ambassador, accepted_case
):
    consent = consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    consent_revoke(consent=consent, by=advisor)
    accepted_case.refresh_from_db()
    assert accepted_case.status == Status.WITH_AMBASSADOR
    assert Case.objects.visible_to(fresh(ambassador.user)).exists()
