"""The advice on aangifte versus a police melding, what was done, and damage."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import constants as c
from cases import permissions
from cases.models import Case, Damage, PoliceReport
from cases.permissions import Action
from cases.services.common import danger_action_record, lock, require_open
from core.audit import audit
from core.constants import AuditAction

MADE = (c.PoliceAction.AANGIFTE_MADE, c.PoliceAction.MELDING_MADE)


@transaction.atomic
def police_report_save(
    *,
    case: Case,
    by,
    advice: str,
    action: str,
    reported_on=None,
    police_reference: str = "",
    notes: str = "",
) -> PoliceReport:
    """Record (or update) the advice on aangifte versus a police melding, and what
    was done. A date and police reference belong to an aangifte or melding made."""
    permissions.require(by, Action.POLICE_REPORT, case)
    require_open(case)
    lock(case)
    if advice not in c.PoliceAdvice.values:
        raise ValidationError({"advice": _("Choose the advice from the list.")})
    if action not in c.PoliceAction.values:
        raise ValidationError({"action": _("Choose what was done from the list.")})
    police_reference = police_reference.strip()
    if action not in MADE and (police_reference or reported_on):
        raise ValidationError(
            {
                "action": _(
                    "A date or police reference belongs to an aangifte or police "
                    "melding that was made."
                )
            }
        )
    if reported_on and reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("This date lies in the future.")})
    report = PoliceReport.objects.filter(case=case).first()
    created = report is None
    report = report or PoliceReport(case=case)
    report.advice = advice
    report.action = action
    report.reported_on = reported_on
    report.police_reference = police_reference
    report.notes = notes.strip()
    report.updated_by = by
    report.full_clean()
    report.save()
    audit(
        by,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        report,
        f"{advice}; {action}",
    )
    danger_action_record(case=case, by=by)
    return report


def _amount(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    amount = Decimal(value)
    if amount < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    return amount


@transaction.atomic
def damage_add(
    *,
    case: Case,
    by,
    kind: str,
    description: str = "",
    amount=None,
    compensation_claimed=None,
    compensation_received=None,
) -> Damage:
    """Record damage and the compensation claimed and received (euros)."""
    permissions.require(by, Action.DAMAGE_ADD, case)
    require_open(case)
    if kind not in c.DamageKind.values:
        raise ValidationError({"kind": _("Choose a kind of damage from the list.")})
    damage = Damage(
        case=case,
        kind=kind,
        description=description.strip(),
        amount=_amount(amount, "amount"),
        compensation_claimed=_amount(compensation_claimed, "compensation_claimed"),
        compensation_received=_amount(compensation_received, "compensation_received"),
        created_by=by,
    )
    if damage.amount is None and not damage.description:
        raise ValidationError(
            {"amount": _("Give an amount or describe the damage (or both).")}
        )
    damage.full_clean()
    damage.save()
    audit(by, AuditAction.CREATE, damage, kind)
    return damage
