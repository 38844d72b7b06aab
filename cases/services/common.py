"""What several case services share: the row lock, on-commit tasks, the valid
consents of a case, its active handoff, and the immediate-danger flag."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import remove_perm

from cases import constants as c
from cases import workflow
from cases.models import Case, Consent, Handoff
from cases.permissions import CASE_ACCESS_PERMISSION
from core.audit import audit
from core.constants import AuditAction

logger = logging.getLogger(__name__)


def lock(case: Case) -> Case:
    """Re-read the case under a row lock so concurrent requests serialise."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    case.status, case.phase = locked.status, locked.phase
    return locked


def enqueue(task, *args) -> None:
    """Send a task to the broker after commit. A broker outage never fails the request:
    the outbox columns and the beat sweeper deliver the work once Redis is back."""

    def send():
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 - any broker failure is handled the same way
            logger.warning("Could not enqueue %s; the sweeper will retry.", task.name)

    transaction.on_commit(send)


def valid_consents(case: Case, purpose: str, referral_kind: str = ""):
    qs = Consent.objects.filter(case=case, purpose=purpose, revoked_at__isnull=True)
    if referral_kind:
        qs = qs.filter(referral_kind=referral_kind)
    return qs.order_by("-given_at", "-pk")


def end_handoff(
    handoff: Handoff, *, reason: str, actor: str, status: str = c.HandoffStatus.ENDED
) -> None:
    """End a handoff and the ambassador's access to the case with it."""
    workflow.move_handoff(
        handoff,
        to_status=status,
        actor=actor,
        ended_at=timezone.now(),
        end_reason=reason,
    )
    remove_perm(CASE_ACCESS_PERMISSION, handoff.ambassador.user, handoff.case)


def danger_action_record(*, case: Case, by) -> bool:
    """Someone recorded an action on a case in immediate danger: the flag that heads
    every queue comes off. Called inside the service that records the action (a note
    or contact, a referral, a police report, an advisor action, a handoff, closing).
    Returns whether the flag was open."""
    updated = Case.objects.filter(
        pk=case.pk, immediate_danger=True, danger_acted_at__isnull=True
    ).update(danger_acted_at=timezone.now(), danger_acted_by=by)
    if updated:
        case.refresh_from_db(fields=["danger_acted_at", "danger_acted_by"])
        audit(by, AuditAction.UPDATE, case, "immediate danger acted on")
    return bool(updated)


def require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
