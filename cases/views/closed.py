"""The cases an ambassador closed: a read-only list and page until the retention
purge, and their request to reopen one; the advisor's answer to such a request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import constants as c
from cases.forms.case import ReasonForm
from cases.models import (
    Case,
    Consent,
    Damage,
    Note,
    PoliceReport,
    Referral,
    ReopenRequest,
)
from cases.permissions import Action
from cases.services import reopen as service
from cases.views.common import case_url, require_page
from core.audit import FORM, LIST, audit_reads
from core.permissions import Feature
from core.web import add_service_errors, feature_required, form_page, posted


def _closed_case(request, pk) -> Case:
    """A case the user closed as its ambassador; a 404 for any other."""
    return get_object_or_404(
        Case.objects.closed_by_ambassador(request.user).select_related(
            "office_holder__gemeente__region", "office_holder__gemeente__province"
        ),
        pk=pk,
    )


@feature_required(Feature.AMBASSADOR_CASES)
@require_GET
def closed_list(request):
    cases = (
        Case.objects.closed_by_ambassador(request.user)
        .select_related("office_holder__gemeente__region")
        .order_by("-closed_at", "-pk")
    )
    page = Paginator(cases, settings.KLANKBORD_QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_reads(request.user, page.object_list, detail=LIST)
    return render(
        request,
        "cases/ambassador_closed_list.html",
        {"page_obj": page, "cases": page.object_list},
    )


@feature_required(Feature.AMBASSADOR_CASES)
@require_GET
def closed_detail(request, pk):
    """The closed case as the ambassador last saw it, without a single form: what
    happened, notes and contacts, referrals, consents, police and damage, history.
    The person's contact details are left out: the work is done."""
    case = _closed_case(request, pk)
    notes = list(Note.objects.filter(case=case).select_related("author"))
    consents = list(Consent.objects.filter(case=case))
    referrals = list(Referral.objects.filter(case=case))
    police_report = PoliceReport.objects.filter(case=case).first()
    damages = list(Damage.objects.filter(case=case))
    history = list(case.history.select_related("by"))
    open_request = (
        ReopenRequest.objects.filter(case=case, status=c.ReopenRequestStatus.OPEN)
        .select_related("requested_by")
        .first()
    )
    audit_reads(
        request.user,
        [
            case,
            *notes,
            *consents,
            *referrals,
            *([police_report] if police_report else []),
            *damages,
        ],
    )
    return render(
        request,
        "cases/ambassador_closed_detail.html",
        {
            "case": case,
            "notes": notes,
            "consents": consents,
            "referrals": referrals,
            "police_report": police_report,
            "damages": damages,
            "history": history,
            "open_request": open_request,
        },
    )


@feature_required(Feature.AMBASSADOR_CASES)
@require_http_methods(["GET", "POST"])
def reopen_request(request, pk):
    case = _closed_case(request, pk)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.reopen_request_create(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request has been sent to the case's confidential advisor."),
            )
            return redirect("cases:ambassador_closed_detail", pk=case.pk)
    audit_reads(request.user, [case], detail=FORM)
    return form_page(
        request, "cases/ambassador_reopen_request.html", {"case": case, "form": form}
    )


@feature_required(Feature.CASE_QUEUE)
@require_GET
def reopen_request_list(request):
    """The advisor's open requests to reopen a case of their organisation: a page,
    or (for htmx) the notice above the queue, empty when
    there are none."""
    requests = list(
        ReopenRequest.objects.visible_to(request.user)
        .filter(status=c.ReopenRequestStatus.OPEN, case__status=c.Status.CLOSED)
        .select_related("requested_by")
        .order_by("requested_at", "pk")[:50]
    )
    if request.headers.get("HX-Request"):
        return render(
            request,
            "cases/_partials/reopen_requests_waiting.html",
            {"requests": requests},
        )
    return render(request, "cases/reopen_request_list.html", {"requests": requests})


@login_required
@require_POST
def reopen_request_decide(request, pk):
    """The case's advisor reopens the case or declines the request."""
    reopen = get_object_or_404(
        ReopenRequest.objects.visible_to(request.user).select_related("case"), pk=pk
    )
    case = reopen.case
    require_page(request, Action.REOPEN, case)
    decision = request.POST.get("decision")
    if decision not in ("reopen", "decline"):
        messages.error(request, _("Choose reopen or decline."))
        return redirect(case_url(case))
    try:
        service.reopen_request_decide(
            request=reopen, by=request.user, grant=decision == "reopen"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The case has been reopened.")
            if decision == "reopen"
            else _("The request to reopen has been declined."),
        )
    return redirect(case_url(case))
