"""Four eyes on access: a role, an organisation or a second factor of an account changes
only when a second person approves a functional admin's request.

Who may read case content follows from an account's roles and organisation, and who
may log in as someone from their second factor. So a functional admin no longer
changes these alone (the admin site shows them read-only, ``core.admin``): they
*request* the change here, and it takes effect only when a different functional admin
or the privacy officer approves it. Nobody approves their own request, nor a request
about their own account (also database constraints). Request, approval and rejection
are audit events (``core.audit``), the change itself too; the account concerned and
the privacy officers get an e-mail that names the kind of change and nothing else.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit
from core.constants import AuditAction, Role
from core.models import Membership, Organisation
from core.permissions import FEATURES, Feature, can_use, require_feature
from security.models import (
    AccessRequest,
    AccessRequestKind,
    AccessRequestStatus,
    end_sessions_of,
)
from security.otp import has_devices, remove_devices

logger = logging.getLogger(__name__)

# How many decided requests the list page shows under the pending ones.
RECENT_DECIDED = 20


# --- who may do what ------------------------------------------------------------------


def may_request(user) -> bool:
    return can_use(user, Feature.ACCESS_REQUEST)


def may_decide(*, user, access_request: AccessRequest) -> bool:
    """A functional admin or the privacy officer: not the one who asked, and not the
    person whose account it is."""
    return (
        can_use(user, Feature.ACCESS_APPROVE)
        and access_request.requested_by_id != user.pk
        and access_request.subject_id != user.pk
    )


def requestable_accounts():
    """The accounts a request may be about: superusers are managed on the server."""
    return get_user_model().objects.filter(is_superuser=False).order_by("username")


# --- reads ----------------------------------------------------------------------------


def _with_people(queryset):
    return queryset.select_related(
        "subject", "organisation", "requested_by", "decided_by"
    )


def pending_requests():
    return _with_people(
        AccessRequest.objects.filter(status=AccessRequestStatus.PENDING)
    ).order_by("requested_at", "pk")


def recently_decided_requests():
    return _with_people(
        AccessRequest.objects.exclude(status=AccessRequestStatus.PENDING)
    ).order_by("-decided_at", "-pk")[:RECENT_DECIDED]


# --- requests -------------------------------------------------------------------------


def _check_subject(subject) -> None:
    if subject is None or subject.is_superuser:
        raise ValidationError({"account": _("Choose an account from the list.")})


def _create(*, by, subject, kind: str, role: str = "", organisation=None):
    try:
        with transaction.atomic():
            access_request = AccessRequest.objects.create(
                kind=kind,
                subject=subject,
                role=role,
                organisation=organisation,
                requested_by=by,
            )
    except IntegrityError as error:  # a concurrent request for the same change won
        raise ValidationError(
            _("The same change for this account is already awaiting approval.")
        ) from error
    detail = f"requested: {kind}"
    if role:
        detail += f" {role}"
    if kind == AccessRequestKind.MEMBERSHIP:
        detail += f" organisation {organisation.pk if organisation else 'none'}"
    audit(by, AuditAction.CREATE, access_request, f"{detail}; account {subject.pk}")
    _notify(access_request)
    return access_request


@transaction.atomic
def request_role_change(*, by, subject, role: str, grant: bool) -> AccessRequest:
    """Ask to give ``subject`` the role ``role`` (or take it away). Nothing changes
    until someone else approves (``decide``). Audited as ``create``; the account
    concerned and the privacy officers get a content-free e-mail."""
    require_feature(by, Feature.ACCESS_REQUEST)
    _check_subject(subject)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    holds = subject.groups.filter(name=role).exists()
    if grant and holds:
        raise ValidationError({"role": _("This account already has this role.")})
    if not grant and not holds:
        raise ValidationError({"role": _("This account does not have this role.")})
    if AccessRequest.objects.filter(
        subject=subject,
        role=role,
        status=AccessRequestStatus.PENDING,
    ).exists():
        raise ValidationError(
            _("A change of this role for this account is already awaiting approval.")
        )
    kind = AccessRequestKind.ROLE_GRANT if grant else AccessRequestKind.ROLE_REVOKE
    return _create(by=by, subject=subject, kind=kind, role=role)


@transaction.atomic
def request_membership_change(
    *, by, subject, organisation: Organisation | None
) -> AccessRequest:
    """Ask to make ``subject`` a member of ``organisation`` (None: of none). An
    advisor reads the cases of their organisation, so this waits for approval too."""
    require_feature(by, Feature.ACCESS_REQUEST)
    _check_subject(subject)
    current = (
        Membership.objects.filter(user=subject)
        .values_list("organisation_id", flat=True)
        .first()
    )
    wanted = organisation.pk if organisation is not None else None
    if current == wanted:
        raise ValidationError(
            {"organisation": _("This account already belongs to this organisation.")}
            if wanted
            else {"organisation": _("This account belongs to no organisation.")}
        )
    if AccessRequest.objects.filter(
        subject=subject,
        kind=AccessRequestKind.MEMBERSHIP,
        status=AccessRequestStatus.PENDING,
    ).exists():
        raise ValidationError(
            _("A change of organisation for this account is already awaiting approval.")
        )
    return _create(
        by=by,
        subject=subject,
        kind=AccessRequestKind.MEMBERSHIP,
        organisation=organisation,
    )


@transaction.atomic
def request_two_factor_reset(*, by, subject) -> AccessRequest:
    """Ask to remove ``subject``'s authenticator app and recovery codes (a lost
    phone). Whoever holds the password could otherwise log in with a second factor
    of their own, so this waits for approval as well."""
    require_feature(by, Feature.ACCESS_REQUEST)
    _check_subject(subject)
    if not has_devices(subject):
        raise ValidationError(
            {"account": _("This account has no second factor to reset.")}
        )
    if AccessRequest.objects.filter(
        subject=subject,
        kind=AccessRequestKind.TWO_FACTOR_RESET,
        status=AccessRequestStatus.PENDING,
    ).exists():
        raise ValidationError(
            _("A reset of this account's second factor is already awaiting approval.")
        )
    return _create(by=by, subject=subject, kind=AccessRequestKind.TWO_FACTOR_RESET)


@transaction.atomic
def request_appointment_access(
    *, by, subject, organisation: Organisation
) -> list[AccessRequest]:
    """The selection committee appointed ``subject`` regional ambassador: ask for the
    ambassador role and, when they have none, membership of ``organisation`` (the
    association). Like any request, nothing changes until a functional admin or the
    privacy officer other than ``by`` approves it; until then the appointee cannot be
    handed a case. What they hold or is already awaiting approval is not asked twice.
    Returns the requests made."""
    require_feature(by, Feature.SELECTION)
    _check_subject(subject)
    current = (
        Membership.objects.filter(user=subject)
        .values_list("organisation_id", flat=True)
        .first()
    )
    if current is not None and current != organisation.pk:
        raise ValidationError(
            _("This e-mail address belongs to an account of another organisation.")
        )
    pending = AccessRequest.objects.filter(
        subject=subject, status=AccessRequestStatus.PENDING
    )
    made = []
    if (
        current is None
        and not pending.filter(kind=AccessRequestKind.MEMBERSHIP).exists()
    ):
        made.append(
            _create(
                by=by,
                subject=subject,
                kind=AccessRequestKind.MEMBERSHIP,
                organisation=organisation,
            )
        )
    if (
        not subject.groups.filter(name=Role.AMBASSADOR).exists()
        and not pending.filter(role=Role.AMBASSADOR).exists()
    ):
        made.append(
            _create(
                by=by,
                subject=subject,
                kind=AccessRequestKind.ROLE_GRANT,
                role=Role.AMBASSADOR,
            )
        )
    return made


# --- the decision ---------------------------------------------------------------------


@transaction.atomic
def decide(*, access_request: AccessRequest, by, approve: bool) -> AccessRequest:
    """Approve (the change takes effect now) or reject (nothing changes) a pending
    request. Refused for the requester and for the account concerned. Audited as
    ``confirm`` or ``decline``, the change itself as ``update`` on the account; the
    account concerned and the privacy officers get a content-free e-mail."""
    access_request = (
        AccessRequest.objects.select_for_update(of=("self",))
        .select_related("subject", "organisation")
        .get(pk=access_request.pk)
    )
    if not may_decide(user=by, access_request=access_request):
        raise PermissionDenied(
            _(
                "A second functional administrator or the privacy officer decides: "
                "not the one who asked, and not the person concerned."
            )
        )
    if access_request.status != AccessRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    access_request.status = (
        AccessRequestStatus.APPROVED if approve else AccessRequestStatus.REJECTED
    )
    access_request.decided_by = by
    access_request.decided_at = timezone.now()
    access_request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        audit(by, AuditAction.CONFIRM, access_request, "approved")
        _apply(access_request, by=by)
    else:
        audit(by, AuditAction.DECLINE, access_request, "rejected")
    _notify(access_request)
    return access_request


def _apply(access_request: AccessRequest, *, by) -> None:
    """Make the approved change, and audit it on the account it changes."""
    subject = access_request.subject
    reference = f"(request {access_request.pk})"
    kind = access_request.kind
    if kind in (AccessRequestKind.ROLE_GRANT, AccessRequestKind.ROLE_REVOKE):
        group = Group.objects.filter(name=access_request.role).first()
        if group is None:
            raise ValidationError(_("This role does not exist (any more)."))
        if kind == AccessRequestKind.ROLE_GRANT:
            subject.groups.add(group)
            detail = f"role granted: {group.name} {reference}"
        else:
            subject.groups.remove(group)
            detail = f"role withdrawn: {group.name} {reference}"
    elif kind == AccessRequestKind.MEMBERSHIP:
        organisation = access_request.organisation
        if organisation is None:
            Membership.objects.filter(user=subject).delete()
            detail = f"organisation removed {reference}"
        else:
            Membership.objects.update_or_create(
                user=subject, defaults={"organisation": organisation}
            )
            detail = f"organisation set: {organisation.pk} {reference}"
    else:
        reset_second_factor(subject)
        detail = f"2FA reset {reference}"
    audit(by, AuditAction.UPDATE, subject, detail)


def reset_second_factor(user) -> int:
    """Remove ``user``'s authenticator app and recovery codes (every device, of every
    kind: ``security.otp.remove_devices``) and end their sessions: at the next login
    they must link a new app. Returns the sessions ended."""
    remove_devices(user)
    return end_sessions_of(user.pk)


# --- e-mail ---------------------------------------------------------------------------


def _privacy_officer_addresses() -> set[str]:
    """Whoever keeps the access log (the privacy officers), by the feature table."""
    return set(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=FEATURES[Feature.ACCESS_LOG])
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _notify(access_request: AccessRequest) -> None:
    """After commit: one e-mail to the account concerned and one to each privacy
    officer. It names the kind of change and its state, and links to log in; no
    names, no roles, no organisations, nothing about any case. A mail server that
    fails does not undo the change (the audit events stand); it is logged."""
    request_id = access_request.pk

    def send():
        try:
            _send_notices(request_id)
        except Exception:  # noqa: BLE001 - any mail failure is handled the same way
            logger.warning(
                "Could not send the notices of access request %s.", request_id
            )

    transaction.on_commit(send)


def _send_notices(request_id: int) -> None:
    access_request = (
        AccessRequest.objects.select_related("subject").filter(pk=request_id).first()
    )
    if access_request is None:
        return
    subject = access_request.subject
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        kind = access_request.get_kind_display()
        state = access_request.get_status_display()
        subject_line = _("Klankbord: a change to an account (%(kind)s)") % {
            "kind": kind
        }
        if subject.is_active and subject.email:
            send_mail(
                subject=subject_line,
                message=_(
                    "Hello,\n\nA change to your Klankbord account was recorded.\n\n"
                    "Change: %(kind)s\nState: %(state)s\n\n"
                    "If you did not expect this, tell your privacy officer. Log in "
                    "to Klankbord:\n\n%(url)s\n\n"
                    "This message contains no other details on purpose."
                )
                % {"kind": kind, "state": state, "url": site + reverse("home")},
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[subject.email],
            )
        for address in sorted(_privacy_officer_addresses() - {subject.email}):
            send_mail(
                subject=subject_line,
                message=_(
                    "Hello,\n\nA change to an account's access was recorded in "
                    "Klankbord.\n\nChange: %(kind)s\nState: %(state)s\n\n"
                    "See the requests awaiting approval:\n\n%(url)s\n\n"
                    "This message contains no other details on purpose."
                )
                % {
                    "kind": kind,
                    "state": state,
                    "url": site + reverse("security:approvals"),
                },
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[address],
            )
