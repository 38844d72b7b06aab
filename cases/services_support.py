"""Support work beyond the core case flow (issue 6): the 24/7 line's night intake, the
police report and damage, and what a (party) confidential advisor did, including the
separate, consented step that turns a melding into a formal report.

Same rules as ``cases.services``: keyword-only, atomic, the actor checked on the
server, ``ValidationError`` with a translatable message when a precondition fails
(and then nothing changes), an audit row without content for every write. (A module
of its own because ``cases.services`` is past the size the style guide splits at.)
"""

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import constants as c
from cases.models import AdvisorAction, Case, Damage, OfficeHolder, PoliceReport
from cases.services import (
    _check_scope,
    _lock,
    _require_accepted_ambassador,
    _require_actor,
    _valid_consents,
    case_create,
    danger_action_record,
    office_holder_create,
)
from core.audit import audit
from core.constants import AuditAction, Role
from core.roles import has_role, organisation_id_of

# --- the 24/7 line -------------------------------------------------------------------


@transaction.atomic
def night_call_create(
    *,
    by,
    name: str,
    office: str,
    gemeente,
    immediate_danger: bool,
    account: str,
    immediate_needs: str = "",
    phone: str = "",
    location: str = "",
) -> Case:
    """Save a call to the 24/7 line in seconds: who, where, immediate danger or not,
    what happened, what they need now. The case is the advisor's own, comes in via the
    24/7 line, and stays marked incomplete (no category yet) until the advisor on duty
    completes the intake. Immediate danger makes it acute and flags it at the top of
    every queue until someone records an action on it.

    The office holder is reused when the organisation already knows this name in
    this municipality with this office; otherwise a new one is registered."""
    if not has_role(by, Role.ADVISOR) or organisation_id_of(by) is None:
        raise PermissionDenied(_("Only confidential advisors can record a melding."))
    office_holder = (
        OfficeHolder.objects.filter(
            organisation_id=organisation_id_of(by),
            name__iexact=name.strip(),
            gemeente=gemeente,
            office=office,
        )
        .order_by("pk")
        .first()
    )
    if office_holder is None:
        office_holder = office_holder_create(
            by=by, name=name, office=office, gemeente=gemeente, phone=phone
        )
    return case_create(
        by=by,
        office_holder=office_holder,
        channel=c.Channel.HOTLINE,
        category="",
        occurred_on=timezone.localdate(),
        urgency=c.Urgency.ACUTE if immediate_danger else c.Urgency.HIGH,
        account=account,
        owner=by,
        immediate_danger=immediate_danger,
        location=location,
        immediate_needs=immediate_needs,
        intake_complete=False,
    )


@transaction.atomic
def case_complete_intake(
    *,
    case: Case,
    by,
    category: str,
    occurred_on,
    urgency: int,
    account: str,
    immediate_needs: str = "",
    location: str = "",
    scope: str = "",
    told_instead: str = "",
) -> Case:
    """The advisor completes an intake (a night call's, or corrects any other):
    category, date, urgency, the full account. Marks the intake complete."""
    _require_actor(user=by, case=case, allowed={c.Actor.ADVISOR})
    _lock(case)
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    scope, category = _check_scope(
        organisation_id=case.organisation_id,
        scope=scope,
        category=category,
        required=True,
    )
    case.category = category
    case.occurred_on = occurred_on
    case.urgency = urgency
    case.account = account.strip()
    case.immediate_needs = immediate_needs.strip()
    case.location = location.strip()
    case.scope = scope
    case.told_instead = told_instead.strip() if scope else ""
    case.intake_complete = True
    case.full_clean()
    case.save(
        update_fields=[
            "category",
            "occurred_on",
            "urgency",
            "account",
            "immediate_needs",
            "location",
            "scope",
            "told_instead",
            "intake_complete",
            "updated_at",
        ]
    )
    audit(by, AuditAction.UPDATE, case, "intake completed")
    return case


# --- police report and damage --------------------------------------------------------


def _require_support_actor(*, by, case: Case) -> str:
    actor = _require_actor(
        user=by, case=case, allowed={c.Actor.ADVISOR, c.Actor.AMBASSADOR}
    )
    if actor == c.Actor.AMBASSADOR:
        _require_accepted_ambassador(user=by, case=case)
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    return actor


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
    _require_support_actor(by=by, case=case)
    _lock(case)
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
    _require_support_actor(by=by, case=case)
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


# --- what a confidential advisor did ------------------------------------------------


def _identifying_terms(case: Case) -> list[str]:
    """Words that would identify the person: their name (and its parts), e-mail
    address and phone number."""
    holder = case.office_holder
    terms = [holder.name.strip(), holder.email.strip(), holder.phone.strip()]
    terms += [part for part in re.split(r"[\s\-]+", holder.name) if len(part) >= 3]
    return [term for term in terms if term]


def _identifies(text: str, case: Case) -> bool:
    for term in _identifying_terms(case):
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE):
            return True
    return False


@transaction.atomic
def advisor_action_record(
    *,
    case: Case,
    by,
    kind: str,
    description: str,
    both_parties_agree: bool = False,
    not_identifying: bool = False,
) -> AdvisorAction:
    """Record what the advisor did (source 002). An informal solution needs both
    parties' agreement; advice to the board needs the person's valid consent for it,
    the advisor's confirmation that it does not identify them, and a text that does
    not name them. A formal report is not recorded here (``case_make_formal_report``).
    """
    _require_actor(user=by, case=case, allowed={c.Actor.ADVISOR})
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    if kind not in c.RECORDABLE_ACTION_KINDS:
        raise ValidationError({"kind": _("Choose what you did from the list.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe briefly what you did.")})
    consent = None
    if kind == c.AdvisorActionKind.INFORMAL_SOLUTION and not both_parties_agree:
        raise ValidationError(
            {
                "both_parties_agree": _(
                    "An informal solution needs the agreement of both parties."
                )
            }
        )
    if kind == c.AdvisorActionKind.BOARD_ADVICE:
        consent = _valid_consents(case, c.ConsentPurpose.BOARD_ADVICE).first()
        if consent is None:
            raise ValidationError(
                _("Record the person's consent for advice to the board first.")
            )
        if not not_identifying:
            raise ValidationError(
                {
                    "not_identifying": _(
                        "Confirm that the advice does not identify the person."
                    )
                }
            )
        if _identifies(description, case):
            raise ValidationError(
                {
                    "description": _(
                        "The advice names or identifies the person (name, e-mail "
                        "address or phone number). Leave them out."
                    )
                }
            )
    action = AdvisorAction(
        case=case,
        kind=kind,
        description=description.strip(),
        both_parties_agree=both_parties_agree,
        consent=consent,
        created_by=by,
    )
    action.full_clean()
    action.save()
    audit(by, AuditAction.CREATE, action, kind)
    danger_action_record(case=case, by=by)
    return action


@transaction.atomic
def case_make_formal_report(
    *, case: Case, by, addressee: str, confirmed: bool
) -> AdvisorAction:
    """Turn a melding into a formal report to the organisation. Never silent: only an
    advisor of the case's organisation, only with the person's valid consent for this,
    with an explicit confirmation, once per case; recorded as an advisor action, on
    the case and in the audit log."""
    _require_actor(user=by, case=case, allowed={c.Actor.ADVISOR})
    _lock(case)
    case.refresh_from_db(fields=["formal_report_at"])
    if case.formal_report_at is not None:
        raise ValidationError(_("This melding is already a formal report."))
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    consent = _valid_consents(case, c.ConsentPurpose.FORMAL_REPORT).first()
    if consent is None:
        raise ValidationError(
            _(
                "Record the person's consent to turn the melding into a formal "
                "report first."
            )
        )
    if not confirmed:
        raise ValidationError(
            {"confirmed": _("Confirm that the person asked for a formal report.")}
        )
    addressee = addressee.strip()
    if not addressee:
        raise ValidationError(
            {"addressee": _("Say to whom the formal report is made.")}
        )
    case.formal_report_at = timezone.now()
    case.formal_report_by = by
    case.formal_report_to = addressee
    case.save(
        update_fields=[
            "formal_report_at",
            "formal_report_by",
            "formal_report_to",
            "updated_at",
        ]
    )
    action = AdvisorAction.objects.create(
        case=case,
        kind=c.AdvisorActionKind.FORMAL_REPORT,
        description=_("Formal report made to: %(addressee)s")
        % {"addressee": addressee},
        consent=consent,
        created_by=by,
    )
    audit(by, AuditAction.FORMAL_REPORT, case)
    audit(by, AuditAction.CREATE, action, action.kind)
    danger_action_record(case=case, by=by)
    return action
