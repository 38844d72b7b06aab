"""Referrals to professional help, legal advice, security, the association or a
partner of the expert network; their status and outcome."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases import constants as c
from cases import permissions
from cases.models import Case, Referral
from cases.permissions import Action
from cases.services.common import danger_action_record, require_open, valid_consents
from core.audit import audit
from core.constants import AuditAction


@transaction.atomic
def referral_create(
    *,
    case: Case,
    by,
    kind: str = "",
    partner: str = "",
    details: str = "",
    network_partner=None,
) -> Referral:
    """Propose a referral, to a partner of the expert network (whose kind is then the
    referral's kind) or to a partner named in words. Refused without a valid referral
    consent for that kind, and for a partner of another organisation, an inactive one
    or one who is not available."""
    permissions.require(by, Action.REFERRAL_ADD, case)
    require_open(case)
    if network_partner is not None:
        if (
            network_partner.organisation_id != case.organisation_id
            or not network_partner.is_active
        ):
            raise ValidationError(
                {"network_partner": _("Choose a partner from the network.")}
            )
        if network_partner.availability == c.PartnerAvailability.UNAVAILABLE:
            raise ValidationError(
                {
                    "network_partner": _(
                        "This partner is not available at the moment; choose another."
                    )
                }
            )
        kind, partner = network_partner.kind, network_partner.name
    if kind not in c.ReferralKind.values:
        raise ValidationError({"kind": _("Choose a kind of referral from the list.")})
    consent = valid_consents(case, c.ConsentPurpose.REFERRAL, kind).first()
    if consent is None:
        raise ValidationError(
            _("There is no valid consent for a referral to %(kind)s.")
            % {"kind": c.ReferralKind(kind).label.lower()}
        )
    referral = Referral(
        case=case,
        kind=kind,
        consent=consent,
        partner=partner.strip(),
        network_partner=network_partner,
        details=details.strip(),
        created_by=by,
    )
    referral.full_clean()
    referral.save()
    audit(by, AuditAction.CREATE, referral, kind)
    danger_action_record(case=case, by=by)
    return referral


@transaction.atomic
def referral_set_status(*, referral: Referral, by, status: str) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .select_related("consent")
        .get(pk=referral.pk)
    )
    permissions.require(by, Action.REFERRAL_UPDATE, referral.case)
    if status not in c.REFERRAL_TRANSITIONS.get(referral.status, frozenset()):
        raise ValidationError(_("This referral cannot move to that status."))
    if status != c.ReferralStatus.DECLINED and not referral.consent.is_valid:
        raise ValidationError(_("The consent for this referral has been revoked."))
    previous = referral.status
    referral.status = status
    referral.save(update_fields=["status", "updated_at"])
    audit(by, AuditAction.TRANSITION, referral, f"{previous} -> {status}")
    return referral


@transaction.atomic
def referral_set_outcome(*, referral: Referral, by, outcome: str) -> Referral:
    """Record how a referral turned out (what the partner did, whether it helped)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    permissions.require(by, Action.REFERRAL_UPDATE, referral.case)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Describe the outcome in a few words.")})
    referral.outcome = outcome.strip()
    referral.save(update_fields=["outcome", "updated_at"])
    audit(by, AuditAction.UPDATE, referral, "outcome")
    return referral
