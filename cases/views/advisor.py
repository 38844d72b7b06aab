"""What a confidential advisor did, and the formal report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.forms.advisor import AdvisorActionForm, FormalReportForm
from cases.permissions import Action
from cases.services import advisor as service
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core.web import add_service_errors, posted


@login_required
@require_http_methods(["GET", "POST"])
def advisor_action_add(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.ADVISOR_ACTION_ADD, case)
    form = AdvisorActionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.advisor_action_record(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action has been recorded."))
            return redirect(case_url(case, "vp-acties"))
    return case_form_page(
        request,
        case,
        form,
        title=_("Record what you did"),
        submit=_("Record action"),
        extra={
            "hint": _(
                "Advice to the board needs the person's consent for it, and must not "
                "identify them. Turning the melding into a formal report is a "
                "separate step."
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def formal_report(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.FORMAL_REPORT, case)
    form = FormalReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.case_make_formal_report(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The melding has been turned into a formal report.")
            )
            return redirect(case_url(case, "vp-acties"))
    return case_form_page(
        request,
        case,
        form,
        title=_("Turn the melding into a formal report"),
        submit=_("Make the formal report"),
        extra={
            "warning": _(
                "A melding to the confidential advisor is confidential. It becomes a "
                "formal report to the organisation only if the person asks for it "
                "and consents. This step is recorded and cannot be undone."
            )
        },
    )
