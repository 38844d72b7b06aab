"""Breaking confidentiality: an explicit, justified, four-eyes, logged act."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.permissions import Action, can
from core.audit import audit
from core.constants import AuditAction
from security.models import BreakGround, BreakStatus, ConfidentialityBreak, LegalBasis


def may_request_break(*, user, case: Case) -> bool:
    """Only a confidential advisor of the case's own organisation."""
    return can(user, Action.BREAK_CONFIDENTIALITY, case)


def may_decide_break(*, user, brk: ConfidentialityBreak) -> bool:
    """A second advisor of the case's organisation: never the one who asked."""
    return brk.requested_by_id != user.pk and can(
        user, Action.BREAK_CONFIDENTIALITY, brk.case
    )


@transaction.atomic
def confidentiality_break_request(
    *,
    case: Case,
    by,
    ground: str,
    legal_basis: str,
    disclosed_to: str,
    reason: str,
) -> ConfidentialityBreak:
    """Record an advisor's decision to break confidentiality. Nothing may be
    disclosed until a second advisor confirms it (``confidentiality_break_decide``).
    Audited as ``break`` with the ground (never the reason)."""
    if not may_request_break(user=by, case=case):
        raise PermissionDenied(_("You may not do this for this case."))
    errors = {}
    if ground not in BreakGround.values:
        errors["ground"] = _("Choose a ground from the list.")
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = _("Choose a legal basis from the list.")
    if not reason.strip():
        errors["reason"] = _("Explain why confidentiality must be broken.")
    if not disclosed_to.strip():
        errors["disclosed_to"] = _("Say to whom the information will be disclosed.")
    if errors:
        raise ValidationError(errors)
    if ConfidentialityBreak.objects.filter(
        case=case, status=BreakStatus.REQUESTED
    ).exists():
        raise ValidationError(
            _("A request to break confidentiality is already awaiting confirmation.")
        )
    try:
        with transaction.atomic():
            brk = ConfidentialityBreak.objects.create(
                case=case,
                ground=ground,
                legal_basis=legal_basis,
                disclosed_to=disclosed_to.strip(),
                reason=reason.strip(),
                requested_by=by,
            )
    except IntegrityError as error:  # a concurrent request won the race
        raise ValidationError(
            _("A request to break confidentiality is already awaiting confirmation.")
        ) from error
    audit(by, AuditAction.BREAK, brk, f"requested: {ground}, {legal_basis}")
    return brk


@transaction.atomic
def confidentiality_break_decide(
    *, brk: ConfidentialityBreak, by, confirm: bool
) -> ConfidentialityBreak:
    """The second authorised person confirms (or rejects) the request. Audited as
    ``confirm`` with the outcome."""
    brk = (
        ConfidentialityBreak.objects.select_for_update()
        .select_related("case")
        .get(pk=brk.pk)
    )
    if not may_decide_break(user=by, brk=brk):
        raise PermissionDenied(
            _("A second confidential advisor must confirm this, not the requester.")
        )
    if brk.status != BreakStatus.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    brk.status = BreakStatus.CONFIRMED if confirm else BreakStatus.REJECTED
    brk.decided_by = by
    brk.decided_at = timezone.now()
    brk.save(update_fields=["status", "decided_by", "decided_at"])
    audit(by, AuditAction.CONFIRM, brk, brk.status)
    return brk
