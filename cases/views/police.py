"""The police advice and what was done, and damage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.forms.police import DamageForm, PoliceReportForm
from cases.models import PoliceReport
from cases.permissions import Action
from cases.services import police as service
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core.audit import audit_reads
from core.web import add_service_errors, posted


@login_required
@require_http_methods(["GET", "POST"])
def police_report(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.POLICE_REPORT, case)
    existing = PoliceReport.objects.filter(case=case).first()
    initial = {}
    if existing is not None:
        initial = {
            "advice": existing.advice,
            "action": existing.action,
            "reported_on": existing.reported_on,
            "police_reference": existing.police_reference,
            "notes": existing.notes,
        }
    form = PoliceReportForm(posted(request), initial=initial)
    if request.method == "GET" and existing is not None:
        audit_reads(request.user, [existing])
    if request.method == "POST" and form.is_valid():
        try:
            service.police_report_save(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The police report has been saved."))
            return redirect(case_url(case, "politie"))
    return case_form_page(
        request,
        case,
        form,
        title=_("Police: aangifte or melding"),
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def damage_add(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.DAMAGE_ADD, case)
    form = DamageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.damage_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The damage has been recorded."))
            return redirect(case_url(case, "politie"))
    return case_form_page(
        request, case, form, title=_("Record damage"), submit=_("Record damage")
    )
