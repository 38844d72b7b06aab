"""Consent: recorded, scoped, revocable; revoking takes effect at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import constants as c
from cases import permissions, workflow
from cases.models import Case, Consent, Referral
from cases.permissions import Action
from cases.services import notifications
from cases.services.common import (
    end_handoff,
    enqueue,
    lock,
    require_open,
    valid_consents,
)
from cases.tasks import notify_advisor_of_revocation, revocation_recipient
from core.audit import audit
from core.constants import AuditAction
from core.permissions import Feature, can_use


@transaction.atomic
def consent_record(
    *,
    case: Case,
    by,
    purpose: str,
    given_by: str,
    method: str,
    given_at,
    referral_kind: str = "",
) -> Consent:
    """Record a consent. Advisors record any purpose; the ambassador of the case records
    consent for referrals and statistics (the person tells them), never a handoff."""
    actor = permissions.require(by, Action.CONSENT_RECORD, case)
    permissions.require_consent_purpose(actor, purpose)
    if purpose == c.ConsentPurpose.HANDOFF and not can_use(by, Feature.HANDOFF):
        raise PermissionDenied(
            _("Your organisation hands no case to the association's ambassadors.")
        )
    require_open(case)
    if purpose != c.ConsentPurpose.REFERRAL:
        referral_kind = ""
    elif not referral_kind:
        raise ValidationError({"referral_kind": _("Choose the kind of partner.")})
    if given_at and given_at > timezone.now():
        raise ValidationError({"given_at": _("This moment lies in the future.")})
    consent = Consent(
        case=case,
        purpose=purpose,
        referral_kind=referral_kind,
        given_by=given_by.strip(),
        method=method,
        given_at=given_at,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    audit(by, AuditAction.CREATE, consent, purpose)
    return consent


# The ambassador records a revocation for the advisor who recorded the consent: the
# advisor must be able to read why.
AMBASSADOR_REVOKE_REASON_REQUIRED = gettext_lazy(
    "Write down what the person said: the confidential advisor is told of the "
    "revocation and reads your reason."
)


@transaction.atomic
def consent_revoke(*, consent: Consent, by, reason: str = "") -> Consent:
    """Revoke a consent. It takes effect in this transaction: revoking handoff consent
    ends the handoff and removes the ambassador's access; revoking referral consent
    stops the referrals that rest on it. The ambassador must give a reason, and the
    case's advisor is then e-mailed after the commit (no content; outbox column
    ``revoke_notified_at``, which is set at once when an advisor revokes)."""
    case = consent.case
    actor = permissions.require(by, Action.CONSENT_REVOKE, case)
    reason = reason.strip()
    by_ambassador = actor == c.Actor.AMBASSADOR
    if by_ambassador and not reason:
        raise ValidationError({"reason": AMBASSADOR_REVOKE_REASON_REQUIRED})
    lock(case)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        raise ValidationError(_("This consent has already been revoked."))
    consent.revoked_at = timezone.now()
    consent.revoked_by = by
    consent.revoke_reason = reason
    consent.revoke_notified_at = None if by_ambassador else consent.revoked_at
    consent.save(
        update_fields=[
            "revoked_at",
            "revoked_by",
            "revoke_reason",
            "revoke_notified_at",
        ]
    )
    audit(by, AuditAction.REVOKE, consent, consent.purpose)
    if by_ambassador:
        enqueue(notify_advisor_of_revocation, consent.pk)
        notifications.notify(
            revocation_recipient(consent),
            c.NotificationKind.CONSENT_REVOKED,
            case,
            emailed_elsewhere=True,
        )
    else:
        # The ambassador of the case hears of it, before the handoff may end below.
        active = workflow.find_active_handoff(case)
        if active is not None:
            notifications.notify(
                active.ambassador.user, c.NotificationKind.CONSENT_REVOKED, case
            )

    if consent.purpose == c.ConsentPurpose.HANDOFF:
        handoff = workflow.find_active_handoff(case)
        rests_on_it = handoff is not None and handoff.consent_id == consent.pk
        no_other = not valid_consents(case, c.ConsentPurpose.HANDOFF).exists()
        if handoff is not None and (rests_on_it or no_other):
            end_handoff(handoff, reason="consent revoked", actor=c.Actor.SYSTEM)
            if case.status in (c.Status.HANDOFF_OFFERED, c.Status.WITH_AMBASSADOR):
                workflow.move(
                    case,
                    to_status=c.Status.TRIAGE,
                    by=by,
                    actor=c.Actor.SYSTEM,
                    reason=_("Consent for the handoff was revoked."),
                )
    elif consent.purpose == c.ConsentPurpose.REFERRAL:
        for referral in Referral.objects.filter(
            consent=consent,
            status__in=[c.ReferralStatus.PROPOSED, c.ReferralStatus.ACCEPTED],
        ):
            referral.status = c.ReferralStatus.DECLINED
            referral.save(update_fields=["status", "updated_at"])
            audit(by, AuditAction.TRANSITION, referral, "consent revoked -> declined")
    return consent
