"""A case's workflow: every status, phase and handoff transition, in tables.

- ``STATUS_TRANSITIONS``: a case's status moves only along these edges, and only by
  the actors listed (``constants.Actor``, relative to the case).
- ``PHASE_TRANSITIONS``: the phase of ambassador support exists only while the case
  is with the ambassador; the accepted ambassador moves it between phases.
- ``HANDOFF_TRANSITIONS``: an offered handoff is accepted or declined by its
  ambassador, or ends (taken back, consent revoked, case closed).

``move`` and ``set_phase`` are the only code that changes a case's status or phase,
and ``record_history`` the only code that writes a ``CaseHistory`` row: one row per
event. ``allowed_actions(user, case)`` combines these tables with
``cases.permissions`` to decide which actions a page offers; the services refuse a
POST by the same rules.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.constants import ACTIVE_HANDOFF_STATUSES, Actor, HandoffStatus, Phase, Status
from cases.models import Case, CaseHistory, Handoff
from cases.permissions import Action, Standing
from core.audit import audit
from core.constants import AuditAction
from core.permissions import Feature, can_use

ADVISOR, AMBASSADOR, SYSTEM = Actor.ADVISOR, Actor.AMBASSADOR, Actor.SYSTEM

STATUS_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.NEW, Status.TRIAGE): frozenset({ADVISOR}),
    (Status.NEW, Status.HANDOFF_OFFERED): frozenset({ADVISOR}),
    (Status.NEW, Status.CLOSED): frozenset({ADVISOR}),
    (Status.TRIAGE, Status.HANDOFF_OFFERED): frozenset({ADVISOR}),
    (Status.TRIAGE, Status.CLOSED): frozenset({ADVISOR}),
    (Status.HANDOFF_OFFERED, Status.WITH_AMBASSADOR): frozenset({AMBASSADOR}),
    # Declined by the ambassador, withdrawn by the advisor, or consent revoked.
    (Status.HANDOFF_OFFERED, Status.TRIAGE): frozenset({AMBASSADOR, ADVISOR, SYSTEM}),
    # Taken back by the advisor, or consent revoked.
    (Status.WITH_AMBASSADOR, Status.TRIAGE): frozenset({ADVISOR, SYSTEM}),
    (Status.WITH_AMBASSADOR, Status.CLOSED): frozenset({AMBASSADOR}),
    (Status.CLOSED, Status.TRIAGE): frozenset({ADVISOR}),
}

# The phase a case enters when the ambassador accepts it, and the statuses in which a
# case has a phase at all (it keeps its last phase when the ambassador closes it).
FIRST_PHASE = Phase.LISTENING
PHASED_STATUSES = frozenset({Status.WITH_AMBASSADOR, Status.CLOSED})
# Between phases the accepted ambassador moves freely, forwards and back.
PHASE_TRANSITIONS: dict[str, frozenset[str]] = {
    phase: frozenset({AMBASSADOR}) for phase in Phase.values
}

HANDOFF_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (HandoffStatus.OFFERED, HandoffStatus.ACCEPTED): frozenset({AMBASSADOR}),
    (HandoffStatus.OFFERED, HandoffStatus.DECLINED): frozenset({AMBASSADOR}),
    # Taken back by the advisor; consent revoked or the case closed (the system).
    (HandoffStatus.OFFERED, HandoffStatus.ENDED): frozenset({ADVISOR, SYSTEM}),
    (HandoffStatus.ACCEPTED, HandoffStatus.ENDED): frozenset({ADVISOR, SYSTEM}),
}


def find_active_handoff(case: Case) -> Handoff | None:
    """The case's offered or accepted handoff, if any (there is at most one)."""
    return (
        Handoff.objects.select_related("ambassador__user")
        .filter(case=case, status__in=ACTIVE_HANDOFF_STATUSES)
        .first()
    )


def can_move(case: Case, to_status: str, actor: str | None) -> bool:
    return actor in STATUS_TRANSITIONS.get((case.status, to_status), frozenset())


def record_history(
    case: Case,
    *,
    by,
    from_status: str,
    from_phase: str,
    reason: str = "",
) -> CaseHistory:
    """The one place a history row is written: the case's state before and now."""
    return CaseHistory.objects.create(
        case=case,
        from_status=from_status,
        to_status=case.status,
        from_phase=from_phase,
        to_phase=case.phase,
        by=by,
        reason=reason,
    )


def start(case: Case, *, by) -> CaseHistory:
    """A new case's first history row."""
    return record_history(case, by=by, from_status="", from_phase="")


def move(
    case: Case,
    *,
    to_status: str,
    by,
    actor: str,
    reason: str = "",
    to_phase: str | None = None,
) -> None:
    """Move ``case`` to ``to_status`` (and its phase with it) as one event: one
    history row, one audit row. Refused off the table's edges."""
    if not can_move(case, to_status, actor):
        raise ValidationError(
            _("A case with status “%(from)s” cannot move to “%(to)s”.")
            % {
                "from": Status(case.status).label,
                "to": Status(to_status).label,
            }
        )
    from_status, from_phase = case.status, case.phase
    case.status = to_status
    update_fields = ["status", "phase", "updated_at"]
    if to_status == Status.CLOSED:
        case.closed_at = timezone.now()
        update_fields.append("closed_at")
    elif from_status == Status.CLOSED:
        case.closed_at = None
        update_fields.append("closed_at")
    if to_phase is not None:
        case.phase = to_phase
    elif to_status not in PHASED_STATUSES:
        case.phase = ""
    case.save(update_fields=update_fields)
    record_history(
        case, by=by, from_status=from_status, from_phase=from_phase, reason=reason
    )
    audit(by, AuditAction.TRANSITION, case, f"{from_status} -> {to_status}")


def set_phase(case: Case, *, phase: str, by, actor: str) -> bool:
    """Move the support to another phase; returns whether anything changed."""
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Choose a phase from the list.")})
    if case.status != Status.WITH_AMBASSADOR:
        raise ValidationError(
            _("Only a case with an ambassador has a phase of support.")
        )
    if actor not in PHASE_TRANSITIONS[phase]:
        raise ValidationError({"phase": _("Choose a phase from the list.")})
    if phase == case.phase:
        return False
    from_phase = case.phase
    case.phase = phase
    case.save(update_fields=["phase", "updated_at"])
    record_history(case, by=by, from_status=case.status, from_phase=from_phase)
    audit(by, AuditAction.UPDATE, case, f"phase {from_phase or '-'} -> {phase}")
    return True


def move_handoff(handoff: Handoff, *, to_status: str, actor: str, **fields) -> None:
    """Move a handoff along ``HANDOFF_TRANSITIONS``, saving ``fields`` with it."""
    allowed = HANDOFF_TRANSITIONS.get((handoff.status, to_status), frozenset())
    if actor not in allowed:
        raise ValidationError(_("This handoff has already been answered."))
    handoff.status = to_status
    for name, value in fields.items():
        setattr(handoff, name, value)
    handoff.save(update_fields=["status", *fields])


# --- what a page offers ----------------------------------------------------------


_UNKNOWN = object()


def allowed_actions(user, case: Case, *, active_handoff=_UNKNOWN):
    """The actions ``user`` may take on ``case`` now: the permission table and the
    case's state together. Pages show a button only for these; the services refuse
    everything else by the same rules. ``active_handoff``: the case's offered or
    accepted handoff (or None), when the caller has read it already."""
    standing = Standing.of(user, case)
    if standing.actor is None:
        return frozenset()
    if active_handoff is _UNKNOWN:
        active_handoff = find_active_handoff(case)
    is_open = case.is_open
    state = {
        Action.VIEW: True,
        Action.READ_CASE: True,
        Action.READ_ADVISOR_RECORD: True,
        Action.READ_AUDIT_LOG: True,
        Action.READ_CONTACT_DETAILS: True,
        Action.ASSIGN: True,
        Action.COMPLETE_INTAKE: is_open,
        Action.CONSENT_RECORD: is_open,
        Action.CONSENT_REVOKE: True,
        Action.HANDOFF: case.status in (Status.NEW, Status.TRIAGE)
        and active_handoff is None
        and can_use(user, Feature.HANDOFF),
        Action.HANDOFF_WITHDRAW: active_handoff is not None,
        Action.HANDOFF_ANSWER: active_handoff is not None
        and active_handoff.status == HandoffStatus.OFFERED,
        Action.SET_PHASE: case.status == Status.WITH_AMBASSADOR,
        Action.CLOSE: can_move(case, Status.CLOSED, standing.actor),
        Action.REOPEN: can_move(case, Status.TRIAGE, standing.actor)
        and case.status == Status.CLOSED,
        Action.NOTE_ADD: is_open,
        Action.REFERRAL_ADD: is_open,
        Action.REFERRAL_UPDATE: True,
        Action.POLICE_REPORT: is_open,
        Action.DAMAGE_ADD: is_open,
        Action.ADVISOR_ACTION_ADD: is_open,
        Action.FORMAL_REPORT: is_open and case.formal_report_at is None,
        Action.SIGNAL_RECORD: True,
        Action.BREAK_CONFIDENTIALITY: True,
        Action.FILE_ADD: is_open,
    }
    return frozenset(
        str(action) for action, ok in state.items() if ok and standing.permits(action)
    )
