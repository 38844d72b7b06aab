"""A case's owner, its phase of support, closing and reopening."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases import constants as c
from cases import permissions, workflow
from cases.models import Case
from cases.permissions import Action
from cases.services import notifications
from cases.services.common import (
    danger_action_record,
    end_handoff,
    lock,
)
from cases.services.intake import require_colleague
from core.audit import audit
from core.constants import AuditAction


@transaction.atomic
def case_assign(*, case: Case, owner, by) -> Case:
    """Give a case an owner (an advisor of the same organisation), or none."""
    actor = permissions.require(by, Action.ASSIGN, case)
    lock(case)
    if owner is not None:
        require_colleague(owner, case.organisation_id)
    case.owner = owner
    case.save(update_fields=["owner", "updated_at"])
    audit(by, AuditAction.UPDATE, case, "owner")
    if case.status == c.Status.NEW and owner is not None:
        workflow.move(case, to_status=c.Status.TRIAGE, by=by, actor=actor)
    return case


@transaction.atomic
def case_close(*, case: Case, by, outcome: str) -> Case:
    """Close a case with a short outcome. Closing ends the ambassador's access."""
    actor = permissions.require(by, Action.CLOSE, case)
    lock(case)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Describe the outcome in a few words.")})
    case.outcome = outcome.strip()
    case.save(update_fields=["outcome", "updated_at"])
    danger_action_record(case=case, by=by)
    workflow.move(case, to_status=c.Status.CLOSED, by=by, actor=actor)
    handoff = workflow.find_active_handoff(case)
    if handoff is not None:
        end_handoff(handoff, reason="case closed", actor=c.Actor.SYSTEM)
    if actor == c.Actor.AMBASSADOR:
        notifications.notify_advisor(
            case,
            c.NotificationKind.CLOSED_BY_AMBASSADOR,
            fallback=handoff.offered_by if handoff else None,
        )
    return case


@transaction.atomic
def case_reopen(*, case: Case, by, reason: str) -> Case:
    actor = permissions.require(by, Action.REOPEN, case)
    lock(case)
    if case.status != c.Status.CLOSED:
        raise ValidationError(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for reopening the case.")})
    workflow.move(
        case, to_status=c.Status.TRIAGE, by=by, actor=actor, reason=reason.strip()
    )
    return case


@transaction.atomic
def case_set_phase(*, case: Case, phase: str, by) -> Case:
    """The ambassador moves the support to another phase; a history row records it."""
    actor = permissions.require(by, Action.SET_PHASE, case)
    lock(case)
    workflow.set_phase(case, phase=phase, by=by, actor=actor)
    return case
