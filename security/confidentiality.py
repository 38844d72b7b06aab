"""Pages to request and to confirm a breach of confidentiality on a case."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cases.models import Case
from core.audit import FORM, audit_reads
from core.forms import no_nul
from core.web import add_service_errors
from security import services
from security.models import BreakGround, BreakStatus, ConfidentialityBreak, LegalBasis


class BreakRequestForm(forms.Form):
    ground = forms.ChoiceField(
        label=gettext_lazy("Ground"),
        choices=BreakGround.choices,
        widget=forms.RadioSelect,
    )
    legal_basis = forms.ChoiceField(
        label=gettext_lazy("Legal basis"),
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
    )
    disclosed_to = forms.CharField(
        label=gettext_lazy("To whom will you disclose what?"),
        max_length=200,
        validators=[no_nul],
        help_text=gettext_lazy("For example: the police, the person's GP."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=5000,
        validators=[no_nul],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Why is breaking confidentiality necessary now, and why is asking for "
            "consent not possible?"
        ),
    )


class BreakDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Your decision"),
        choices=[
            ("confirm", gettext_lazy("Confirm: confidentiality may be broken")),
            ("reject", gettext_lazy("Reject")),
        ],
        widget=forms.RadioSelect,
    )


def _case_or_404(request, pk) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related("office_holder"), pk=pk
    )


def _case_url(case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#geheimhouding"


@login_required
@require_http_methods(["GET", "POST"])
def break_request(request, pk):
    case = _case_or_404(request, pk)
    if not services.may_request_break(user=request.user, case=case):
        raise PermissionDenied
    form = BreakRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confidentiality_break_request(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Recorded. A second confidential advisor must confirm it before "
                    "anything is disclosed."
                ),
            )
            return redirect(_case_url(case))
    audit_reads(request.user, [case], detail=FORM)  # the case's header
    return render(
        request,
        "cases/case_action.html",
        {
            "case": case,
            "form": form,
            "title": _("Break confidentiality"),
            "submit": _("Record and ask for confirmation"),
            "warning": _(
                "Confidentiality may be broken only in a life-threatening situation "
                "or for acts against the law, and only after a second confidential "
                "advisor confirms it. Both steps are logged."
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def break_decide(request, pk):
    brk = get_object_or_404(
        ConfidentialityBreak.objects.filter(
            case__in=Case.objects.visible_to(request.user)
        ).select_related("case__office_holder", "requested_by"),
        pk=pk,
    )
    if not services.may_decide_break(user=request.user, brk=brk):
        raise PermissionDenied
    if brk.status != BreakStatus.REQUESTED:
        messages.info(request, _("This request has already been decided."))
        return redirect(_case_url(brk.case))
    audit_reads(request.user, [brk])
    form = BreakDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confidentiality_break_decide(
                brk=brk,
                by=request.user,
                confirm=form.cleaned_data["decision"] == "confirm",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your decision has been recorded."))
            return redirect(_case_url(brk.case))
    return render(
        request,
        "security/break_decide.html",
        {
            "case": brk.case,
            "brk": brk,
            "form": form,
            "title": _("Confirm breaking confidentiality"),
            "submit": _("Record my decision"),
        },
        status=400 if request.method == "POST" else 200,
    )
