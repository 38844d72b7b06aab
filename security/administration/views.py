"""The accounts pages (/beheren/accounts/) and the failed logins (/beheren/
inlogpogingen/): for functional admins; the privacy officer reads the failed logins.
Every page that shows an account writes a read event, every change an access-log
event (``services``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit import FORM, LIST, audit_named, audit_reads
from core.constants import AuditAction, Role
from core.permissions import Feature, can_use
from core.web import (
    add_service_errors,
    feature_required,
    flash_errors,
    form_page,
    posted,
    querystring,
    valid_filters,
)
from network.models import Ambassador
from security import approvals
from security.administration import selectors, services
from security.administration.forms import (
    AccountCreateForm,
    AccountFilterForm,
    RoleInOrganisationForm,
    RoleRevokeForm,
)
from security.otp import has_devices

PAGE_SIZE = 25
DETAIL = "detail"


def _account(pk):
    return get_object_or_404(selectors.accounts(), pk=pk)


@require_GET
@feature_required(Feature.ACCOUNT_MANAGE)
def account_list(request):
    form = AccountFilterForm(request.GET or None)
    page = Paginator(
        selectors.filtered_accounts(valid_filters(form)), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    locked = selectors.locked_usernames(a.username for a in rows)
    for account in rows:
        account.role_labels = selectors.role_labels(account)
        account.locked_out = account.username in locked
    audit_reads(request.user, rows, LIST)
    return render(
        request,
        "administration/accounts/list.html",
        {
            "form": form,
            "page_obj": page,
            "accounts": rows,
            "querystring": querystring(request),
        },
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCOUNT_MANAGE)
def account_create(request):
    form = AccountCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_account(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The account has been made and the invitation sent. It has no "
                    "role yet: request one below."
                ),
            )
            return redirect("administration:account_detail", pk=account.pk)
    return form_page(request, "administration/accounts/create.html", {"form": form})


@require_GET
@feature_required(Feature.ACCOUNT_MANAGE)
def account_detail(request, pk):
    account = _account(pk)
    audit_reads(request.user, [account], DETAIL)
    return render(
        request,
        "administration/accounts/detail.html",
        {
            "account": account,
            "membership": getattr(account, "membership", None),
            "roles": _held_roles(account),
            "has_devices": has_devices(account),
            "locked_out": bool(selectors.locked_usernames([account.username])),
            "pending": selectors.pending_requests_about(account),
            "is_self": account.pk == request.user.pk,
            "role_form": RoleInOrganisationForm(),
            # The ambassador's regions and status are the directory's page.
            "ambassador_id": Ambassador.objects.filter(user=account)
            .values_list("pk", flat=True)
            .first(),
        },
    )


def _held_roles(account) -> list[tuple[str, str]]:
    """(slug, human name) of each role the account holds: the slug for the form
    that withdraws it, the name for the page."""
    held = {group.name for group in account.groups.all()}
    return [(role.value, role.label) for role in Role if role.value in held]


def _confirm_page(request, account, *, title, text, button, action, danger=False):
    audit_reads(request.user, [account], FORM)
    return render(
        request,
        "administration/accounts/confirm.html",
        {
            "account": account,
            "title": title,
            "text": text,
            "button": button,
            "action": action,
            "danger": danger,
        },
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCOUNT_MANAGE)
def account_deactivate(request, pk):
    account = _account(pk)
    if request.method == "POST":
        try:
            ended = services.deactivate(by=request.user, account=account)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The account has been deactivated; %(n)s session was ended.",
                    "The account has been deactivated; %(n)s sessions were ended.",
                    ended,
                )
                % {"n": ended},
            )
        return redirect("administration:account_detail", pk=account.pk)
    return _confirm_page(
        request,
        account,
        title=_("Deactivate account"),
        text=_(
            "The account can no longer log in, and every session it has ends now. "
            "Its roles stay, so it can be reactivated later."
        ),
        button=_("Deactivate"),
        action="administration:account_deactivate",
        danger=True,
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCOUNT_MANAGE)
def account_reactivate(request, pk):
    account = _account(pk)
    if request.method == "POST":
        try:
            services.reactivate(by=request.user, account=account)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The account has been reactivated."))
        return redirect("administration:account_detail", pk=account.pk)
    return _confirm_page(
        request,
        account,
        title=_("Reactivate account"),
        text=_(
            "The account can log in again, with the roles it still holds. Check "
            "those roles first."
        ),
        button=_("Reactivate"),
        action="administration:account_reactivate",
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCOUNT_MANAGE)
def account_role(request, pk):
    account = _account(pk)
    form = RoleInOrganisationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        role, organisation = form.cleaned_data["choice"]
        try:
            made = services.request_role_in_organisation(
                by=request.user, account=account, role=role, organisation=organisation
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request has been recorded. It takes effect only when a "
                    "second functional administrator or the privacy officer "
                    "approves it."
                )
                if len(made) == 1
                else _(
                    "Your requests for the organisation and the role have been "
                    "recorded. They take effect only when a second functional "
                    "administrator or the privacy officer approves them."
                ),
            )
            return redirect("administration:account_detail", pk=account.pk)
    audit_reads(request.user, [account], FORM)
    return form_page(
        request,
        "administration/accounts/role.html",
        {"account": account, "form": form},
    )


@require_POST
@feature_required(Feature.ACCOUNT_MANAGE)
def account_role_revoke(request, pk):
    account = _account(pk)
    form = RoleRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("administration:account_detail", pk=account.pk)
    try:
        approvals.request_role_change(
            by=request.user,
            subject=account,
            role=form.cleaned_data["role"],
            grant=False,
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _(
                "Your request to withdraw the role has been recorded. It takes "
                "effect only when a second person approves it."
            ),
        )
    return redirect("administration:account_detail", pk=account.pk)


@require_POST
@feature_required(Feature.ACCOUNT_MANAGE)
def account_invite(request, pk):
    account = _account(pk)
    try:
        services.resend_invitation(by=request.user, account=account)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The invitation has been sent again."))
    return redirect("administration:account_detail", pk=account.pk)


# --- failed logins --------------------------------------------------------------------


@require_GET
@feature_required(Feature.LOGIN_FAILURES)
def login_failures(request):
    page = Paginator(selectors.attempts_newest_first(), 50).get_page(
        request.GET.get("page")
    )
    audit_named(
        request.user,
        AuditAction.VIEW,
        object_type="loginfailures",
        detail=f"page={page.number}",
    )
    locked = selectors.locked_usernames()  # once, for the page's rows and the list
    return render(
        request,
        "administration/accounts/failures.html",
        {
            "page_obj": page,
            "failures": selectors.failures(page.object_list, locked),
            "locked": selectors.locked_accounts(locked),
            "may_lift": can_use(request.user, Feature.ACCOUNT_MANAGE),
            "querystring": querystring(request),
        },
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCOUNT_MANAGE)
def lockout_lift(request, pk):
    account = _account(pk)
    if request.method == "POST":
        removed = services.lift_lockout(by=request.user, account=account)
        if removed:
            messages.success(
                request, _("The lockout has been lifted: the account can log in.")
            )
        else:
            messages.info(request, _("This account was not locked out."))
        return redirect("administration:login_failures")
    return _confirm_page(
        request,
        account,
        title=_("Lift the lockout"),
        text=_(
            "The failed logins of this account are forgotten, so it can log in again "
            "at once. Only do this when you know the person themselves asked: "
            "someone else may have been guessing the password."
        ),
        button=_("Lift the lockout"),
        action="administration:lockout_lift",
    )
