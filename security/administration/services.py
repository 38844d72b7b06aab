"""Every change the accounts pages make: a new account (and its invitation), an
account deactivated or reactivated, a role in an organisation requested (four eyes,
``security.approvals``), a lockout lifted. Each one is an access-log event."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.audit import audit, audit_named
from core.constants import AuditAction, Role
from core.models import Membership, Organisation
from core.permissions import Feature, require_feature
from security import approvals
from security.models import AccessRequest, end_sessions_of

logger = logging.getLogger(__name__)


def _manager(by) -> None:
    require_feature(by, Feature.ACCOUNT_MANAGE)


# --- a new account --------------------------------------------------------------------


@transaction.atomic
def create_account(
    *,
    by,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation | None,
):
    """An account without a role and without a password: the person sets their own
    through the link in the invitation (Django's password-reset token, valid for
    ``PASSWORD_RESET_TIMEOUT``). Without a role it reads nothing; a role is a request
    that a second person approves."""
    _manager(by)
    model = get_user_model()
    errors = {}
    if model.objects.filter(username__iexact=username).exists():
        errors["username"] = _("This username is already taken.")
    if email and model.objects.filter(email__iexact=email).exists():
        errors["email"] = _("Another account already has this e-mail address.")
    if errors:
        raise ValidationError(errors)
    user = model(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation)
    audit(
        by,
        AuditAction.CREATE,
        user,
        f"account created; organisation {organisation.pk if organisation else 'none'}",
    )
    transaction.on_commit(lambda: send_invitation(user.pk))
    return user


def password_link(user) -> str:
    """The link with which ``user`` sets their password (once, for a limited time)."""
    path = reverse(
        "security:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def send_invitation(user_id: int) -> bool:
    """The invitation: the link to set a password, and nothing about roles,
    organisations or cases. A mail server that is down does not undo the account;
    it is logged, and the admin can send the invitation again."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Klankbord: your account")
        body = _(
            "Hello,\n\nAn account in Klankbord was made for you. Choose your "
            "password with this link (it works once, for %(days)s days):\n\n%(url)s"
            "\n\nAfter that you link an authenticator app at your first login.\n\n"
            "Did you not expect this? Then ignore this message.\n\n"
            "This message contains no other details on purpose."
        ) % {
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "url": password_link(user),
        }
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except OSError:
        logger.warning("The invitation of user %s was not sent.", user_id)
        return False
    return True


@transaction.atomic
def resend_invitation(*, by, account) -> None:
    """Send the invitation again, to an account that has not chosen a password."""
    _manager(by)
    if account.has_usable_password():
        raise ValidationError(_("This account has already chosen a password."))
    if not account.is_active or not account.email:
        raise ValidationError(_("This account has no active e-mail address."))
    audit(by, AuditAction.UPDATE, account, "invitation sent again")
    transaction.on_commit(lambda: send_invitation(account.pk))


# --- active or not --------------------------------------------------------------------


@transaction.atomic
def deactivate(*, by, account) -> int:
    """The account can no longer log in, and its sessions end now. Nobody
    deactivates their own account. Returns the sessions ended."""
    _manager(by)
    if account.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if account.is_superuser:
        raise ValidationError(_("This account is managed on the server."))
    if not account.is_active:
        raise ValidationError(_("This account is already inactive."))
    account.is_active = False
    account.save(update_fields=["is_active"])
    ended = end_sessions_of(account.pk)
    audit(by, AuditAction.UPDATE, account, f"deactivated; {ended} session(s) ended")
    return ended


@transaction.atomic
def reactivate(*, by, account) -> None:
    _manager(by)
    if account.is_superuser:
        raise ValidationError(_("This account is managed on the server."))
    if account.is_active:
        raise ValidationError(_("This account is already active."))
    account.is_active = True
    account.save(update_fields=["is_active"])
    audit(by, AuditAction.UPDATE, account, "reactivated")


# --- a role in an organisation (four eyes) --------------------------------------------


@transaction.atomic
def request_role_in_organisation(
    *, by, account, role: str, organisation: Organisation
) -> list[AccessRequest]:
    """Ask for ``role`` at ``organisation`` in one go: the role, and the membership
    when the account does not belong to that organisation yet. An account works
    for one organisation, so one that holds roles elsewhere is refused: withdraw
    those first. Nothing changes until a second person approves each request."""
    _manager(by)
    if role not in Role.values:
        raise ValidationError({"choice": _("Choose a role from the list.")})
    current = (
        Membership.objects.filter(user=account)
        .values_list("organisation_id", flat=True)
        .first()
    )
    made = []
    if current != organisation.pk:
        if current is not None and account.groups.filter(name__in=Role.values).exists():
            raise ValidationError(
                {
                    "choice": _(
                        "This account holds roles at another organisation. An account "
                        "works for one organisation: withdraw those roles first, or "
                        "request a change of organisation."
                    )
                }
            )
        made.append(
            approvals.request_membership_change(
                by=by, subject=account, organisation=organisation
            )
        )
    made.append(
        approvals.request_role_change(by=by, subject=account, role=role, grant=True)
    )
    return made


# --- lockouts -------------------------------------------------------------------------


@transaction.atomic
def lift_lockout(*, by, account) -> int:
    """Remove the failed logins django-axes counts for ``account``'s username (from
    every address), so they can log in again at once. Returns the records removed."""
    from axes.utils import reset

    _manager(by)
    removed = reset(username=account.username)
    audit_named(
        by,
        AuditAction.UPDATE,
        object_type="loginlockout",
        object_id=account.pk,
        detail=f"lockout lifted; {removed} record(s) removed",
    )
    return removed
