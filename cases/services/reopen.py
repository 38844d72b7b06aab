"""Reopening a closed case on the request of the ambassador who closed it.

The ambassador keeps reading the cases they closed (``Case.objects
.closed_by_ambassador``) but changes nothing in them; what they may do is ask the
case's advisor to reopen it, with a reason. The advisor reopens the case
(``case.case_reopen``: back with the advisor, who may hand it over again) or
declines the request."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import constants as c
from cases import permissions
from cases.models import Case, ReopenRequest
from cases.permissions import Action
from cases.services.case import case_reopen
from cases.services.common import lock
from core.audit import audit
from core.constants import AuditAction

MAX_REASON = 2000


@transaction.atomic
def reopen_request_create(*, case: Case, by, reason: str) -> ReopenRequest:
    """The ambassador who closed ``case`` asks its advisor to reopen it. Refused
    for anyone else (the case need not even exist for them), for a case that is
    open again, without a reason, and while a request is open."""
    if not Case.objects.closed_by_ambassador(by).filter(pk=case.pk).exists():
        raise PermissionDenied(_("You may not do this for this case."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the advisor why it should reopen.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": MAX_REASON}}
        )
    lock(case)
    if case.status != c.Status.CLOSED:
        raise ValidationError(_("This case is open again."))
    if ReopenRequest.objects.filter(
        case=case, status=c.ReopenRequestStatus.OPEN
    ).exists():
        raise ValidationError(_("You have already asked to reopen this case."))
    try:
        with transaction.atomic():
            request = ReopenRequest.objects.create(
                case=case, requested_by=by, reason=reason
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have already asked to reopen this case.")
        ) from error
    audit(by, AuditAction.CREATE, request)
    return request


@transaction.atomic
def reopen_request_decide(*, request: ReopenRequest, by, grant: bool) -> ReopenRequest:
    """The case's advisor answers an open request: ``grant`` reopens the case (one
    history row, the ambassador's reason with it), otherwise the request is
    declined and the case stays closed."""
    request = (
        ReopenRequest.objects.select_for_update()
        .select_related("case")
        .get(pk=request.pk)
    )
    case = request.case
    permissions.require(by, Action.REOPEN, case)
    if request.status != c.ReopenRequestStatus.OPEN:
        raise ValidationError(_("This request has already been answered."))
    if grant:
        case_reopen(
            case=case,
            by=by,
            reason=_("Reopened at the ambassador's request: %(reason)s")
            % {"reason": request.reason},
        )
    request.status = (
        c.ReopenRequestStatus.GRANTED if grant else c.ReopenRequestStatus.DECLINED
    )
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit(by, AuditAction.ACCEPT if grant else AuditAction.DECLINE, request)
    return request
