"""The lists: the advisor's triage queue and the ambassador's cases."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import constants as c
from cases import selectors
from cases.forms.queue import QueueFilterForm
from core.permissions import Feature
from core.web import feature_required, querystring


@feature_required(Feature.CASE_QUEUE)
@require_http_methods(["GET"])
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        # Keep the valid filters; say which ones were ignored.
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    cases = selectors.triage_queue(user=request.user, filters=filters)
    paginator = Paginator(cases, settings.KLANKBORD_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.with_labels(page.object_list)
    context = {
        "form": form,
        "page_obj": page,
        "cases": page.object_list,
        "view": filters.get("view") or "all",
        "view_choices": QueueFilterForm.VIEW_CHOICES,
        "querystring": querystring(request),
        "view_querystring": querystring(request, drop=("page", "view")),
        "sort": filters.get("sort") or "-reported",
        "flagged": selectors.flagged_cases(user=request.user),
    }
    template = (
        "cases/_partials/queue_results.html" if request.htmx else "cases/queue.html"
    )
    return render(request, template, context)


@feature_required(Feature.AMBASSADOR_CASES)
@require_http_methods(["GET"])
def ambassador_list(request):
    state = request.GET.get("state", "")
    cases = selectors.ambassador_cases(user=request.user, state=state)
    paginator = Paginator(cases, settings.KLANKBORD_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cases/ambassador_list.html",
        {
            "page_obj": page,
            "cases": page.object_list,
            "state": state,
            "states": [
                ("", _("All")),
                (c.HandoffStatus.OFFERED, _("Awaiting your answer")),
                (c.HandoffStatus.ACCEPTED, _("Accepted")),
            ],
            "querystring": querystring(request),
        },
    )
