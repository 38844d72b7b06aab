"""Handing a case to an ambassador, their answer, and taking it back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors
from cases.forms.case import ReasonForm
from cases.forms.handoff import HandoffForm
from cases.models import Handoff
from cases.permissions import Action
from cases.services import handoff as service
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core.permissions import Feature, require_feature
from core.web import add_service_errors, posted


@login_required
@require_http_methods(["GET", "POST"])
def handoff(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.HANDOFF, case)
    # Handing over is to the association's ambassadors: not for a party's advisor.
    require_feature(request.user, Feature.HANDOFF)
    proposal = selectors.handoff_proposal(case)
    initial = (
        {"ambassador": proposal.proposed[0].pk} if len(proposal.proposed) == 1 else {}
    )
    form = HandoffForm(
        posted(request), organisation_id=case.organisation_id, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.case_handoff(
                by=request.user,
                case=case,
                ambassador=form.cleaned_data["ambassador"],
                outside_region=form.cleaned_data["outside_region"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case has been handed to %(name)s, who has been notified.")
                % {"name": form.cleaned_data["ambassador"]},
            )
            return redirect(case_url(case))
    return case_form_page(
        request,
        case,
        form,
        title=_("Hand over to an ambassador"),
        submit=_("Hand over"),
        template="cases/case_handoff.html",
        extra={"proposal": proposal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def handoff_withdraw(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.HANDOFF_WITHDRAW, case)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.handoff_withdraw(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("You have taken the case back."))
            return redirect(case_url(case))
    return case_form_page(
        request, case, form, title=_("Take the case back"), submit=_("Take back")
    )


def own_handoff(request, pk) -> Handoff:
    return get_object_or_404(
        Handoff.objects.visible_to(request.user).select_related("case"),
        pk=pk,
        ambassador__user=request.user,
    )


@login_required
@require_POST
def handoff_accept(request, pk):
    handoff_obj = own_handoff(request, pk)
    try:
        service.handoff_accept(handoff=handoff_obj, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have accepted the case."))
    return redirect(case_url(handoff_obj.case))


@login_required
@require_http_methods(["GET", "POST"])
def handoff_decline(request, pk):
    handoff_obj = own_handoff(request, pk)
    case = visible_case(request, handoff_obj.case_id)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.handoff_decline(
                handoff=handoff_obj, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("You have declined the case; it is back with the advisor.")
            )
            return redirect("cases:ambassador_list")
    return case_form_page(
        request,
        case,
        form,
        title=_("Decline the case"),
        submit=_("Decline"),
        extra={"warning": _("Your reason goes back to the confidential advisor.")},
    )
