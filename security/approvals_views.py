"""The approval pages: functional admins request a change to an account's roles,
organisation or second factor; a second functional admin or the privacy officer
approves or rejects it (``security.approvals`` holds the rules)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.constants import Role
from core.permissions import Feature
from core.web import add_service_errors, feature_required, form_page, posted
from security import approvals
from security.approvals_forms import (
    DecisionForm,
    MembershipRequestForm,
    RoleRequestForm,
    TwoFactorResetRequestForm,
)
from security.models import AccessRequest, AccessRequestStatus


@require_GET
@feature_required(Feature.ACCESS_APPROVE)
def approval_list(request):
    return render(
        request,
        "security/approvals/list.html",
        {
            "pending": approvals.pending_requests(),
            "decided": approvals.recently_decided_requests(),
            "may_request": approvals.may_request(request.user),
        },
    )


def _request_page(request, form_class, submit, title, intro, service):
    # The account's page (security.administration) links here with ?account=<id>.
    account = request.GET.get("account", "")
    form = form_class(
        posted(request), initial={"account": account} if account.isdigit() else {}
    )
    if request.method == "POST" and form.is_valid():
        try:
            access_request = service(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request has been recorded. It takes effect only when a "
                    "second functional administrator or the privacy officer "
                    "approves it."
                ),
            )
            return redirect("security:approval_detail", pk=access_request.pk)
    back = (
        reverse("administration:account_detail", args=[account])
        if account.isdigit() and len(account) < 12
        else reverse("security:approvals")
    )
    return form_page(
        request,
        "security/approvals/request_form.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "back": back,
        },
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCESS_REQUEST)
def request_role(request):
    return _request_page(
        request,
        RoleRequestForm,
        submit=_("Request approval"),
        title=_("Request a role change"),
        intro=_(
            "A role decides what someone may see, including case content. The change "
            "takes effect only after a second person approves it."
        ),
        service=lambda data: approvals.request_role_change(
            by=request.user,
            subject=data["account"],
            role=data["role"],
            grant=data["change"] == "grant",
        ),
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCESS_REQUEST)
def request_membership(request):
    return _request_page(
        request,
        MembershipRequestForm,
        submit=_("Request approval"),
        title=_("Request a change of organisation"),
        intro=_(
            "An advisor reads the cases of their own organisation. The change takes "
            "effect only after a second person approves it."
        ),
        service=lambda data: approvals.request_membership_change(
            by=request.user,
            subject=data["account"],
            organisation=data["organisation"],
        ),
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCESS_REQUEST)
def request_two_factor_reset(request):
    return _request_page(
        request,
        TwoFactorResetRequestForm,
        submit=_("Request approval"),
        title=_("Request a reset of the second factor"),
        intro=_(
            "For someone who lost both their authenticator app and their recovery "
            "codes. After approval their app and codes are removed, their sessions "
            "end, and they link a new app at their next login."
        ),
        service=lambda data: approvals.request_two_factor_reset(
            by=request.user, subject=data["account"]
        ),
    )


@require_http_methods(["GET", "POST"])
@feature_required(Feature.ACCESS_APPROVE)
def approval_detail(request, pk):
    access_request = get_object_or_404(
        AccessRequest.objects.select_related(
            "subject", "organisation", "requested_by", "decided_by"
        ),
        pk=pk,
    )
    may_decide = approvals.may_decide(user=request.user, access_request=access_request)
    pending = access_request.status == AccessRequestStatus.PENDING
    form = None
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if not pending:
            messages.info(request, _("This request has already been decided."))
            return redirect("security:approval_detail", pk=access_request.pk)
    if pending and may_decide:
        form = DecisionForm(posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                approvals.decide(
                    access_request=access_request,
                    by=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your decision has been recorded."))
                return redirect("security:approvals")
    return form_page(
        request,
        "security/approvals/detail.html",
        {
            "access_request": access_request,
            "form": form,
            "subject_roles": [
                Role(name).label
                for name in access_request.subject.groups.values_list("name", flat=True)
                if name in Role.values
            ],
            "subject_membership": getattr(access_request.subject, "membership", None),
        },
    )
