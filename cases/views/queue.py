"""The lists: the advisor's triage queue and the ambassador's cases.

The queue's free-text search names people, so it never travels in a URL (web server
and proxy logs keep URLs, and so do browser histories): the search form is POSTed,
the term is kept in the session under a random token, and the page is shown at a URL
that carries the filters and that token only (``?zoek=...``), so pagination, the tabs,
reloading and the back button keep the search. With htmx the POST answers with the
results at once and tells the browser that URL (``HX-Push-Url``); without JavaScript
it redirects there. A ``q`` in a query string is ignored.

Each list page is a read of the cases it shows: one access-log row per case on the
page, written in one INSERT (``core.audit.audit_reads`` with ``LIST``)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import constants as c
from cases import selectors
from cases.forms.queue import QueueFilterForm
from cases.services import followups
from cases.services.followups import offered_before
from core.audit import LIST, audit_reads
from core.permissions import Feature
from core.web import feature_required, querystring

# The query parameter that names a search kept in the session, and how many
# searches a session keeps (older ones are forgotten first).
SEARCH_PARAM = "zoek"
SEARCH_KEY = "queue_searches"
SEARCHES_KEPT = 20


def _remember_search(request, term: str) -> str:
    """The token of ``term`` in this session (the same token for the same term)."""
    searches = dict(request.session.get(SEARCH_KEY, {}))
    for token, value in searches.items():
        if value == term:
            return token
    token = secrets.token_urlsafe(9)
    searches[token] = term
    while len(searches) > SEARCHES_KEPT:
        searches.pop(next(iter(searches)))
    request.session[SEARCH_KEY] = searches
    return token


def _remembered_search(request) -> str:
    token = request.GET.get(SEARCH_PARAM, "")
    return request.session.get(SEARCH_KEY, {}).get(token, "") if token else ""


def _filter_data(request):
    """The form's data on GET: the filters from the query string (never its ``q``)
    and the search term the token names; None for a plain first visit."""
    data = request.GET.copy()
    data.pop("q", None)
    data.pop(SEARCH_PARAM, None)
    term = _remembered_search(request)
    if term:
        data["q"] = term
    return data or None


def _results_query(request, form) -> QueryDict:
    """The query string of a POSTed search: the filters as they were sent (invalid
    ones too, so the page says which were ignored), the term as a token."""
    params = QueryDict(mutable=True)
    for name in form.fields:
        if name != "q" and any(form.data.getlist(name)):
            params.setlist(name, form.data.getlist(name))
    term = form.cleaned_data.get("q") if "q" not in form.errors else ""
    if term:
        params[SEARCH_PARAM] = _remember_search(request, term)
    return params


def _encoded(params: QueryDict, drop=()) -> str:
    params = params.copy()
    for name in ("q", *drop):
        params.pop(name, None)
    return params.urlencode()


@feature_required(Feature.CASE_QUEUE)
@require_http_methods(["GET", "POST"])
def queue(request):
    if request.method == "POST":
        form = QueueFilterForm(request.POST)
    else:
        form = QueueFilterForm(_filter_data(request))
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        # Keep the valid filters; say which ones were ignored.
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    params = request.GET
    if request.method == "POST":
        params = _results_query(request, form)
        url = reverse("cases:queue") + (f"?{_encoded(params)}" if params else "")
        if not request.htmx:
            return HttpResponseRedirect(url)
    cases = selectors.triage_queue(user=request.user, filters=filters)
    paginator = selectors.WindowPaginator(cases, settings.KLANKBORD_QUEUE_PAGE_SIZE)
    page = paginator.get_page(params.get("page"))
    page.object_list = selectors.with_labels(page.object_list)
    flagged = selectors.flagged_cases(user=request.user)
    # The advisor's own follow-ups due within a day (or overdue), above the queue:
    # what they are to do first. Not on the htmx results, which keep their queries.
    now = timezone.now()
    due = (
        []
        if request.htmx
        else list(
            followups.open_follow_ups_of(request.user)
            .filter(due_at__lte=now + timedelta(days=1))
            # Never the case's encrypted columns: the reference is its number.
            .only("id", "kind", "due_at", "case__id")[:10]
        )
    )
    audit_reads(
        request.user,
        {
            case.pk: case
            for case in [*flagged, *page.object_list, *(f.case for f in due)]
        }.values(),
        detail=LIST,
    )
    context = {
        "form": form,
        "page_obj": page,
        "cases": page.object_list,
        "view": filters.get("view") or "all",
        "view_choices": QueueFilterForm.VIEW_CHOICES,
        "querystring": _encoded(params, drop=("page",)),
        "view_querystring": _encoded(params, drop=("page", "view")),
        "sort": filters.get("sort") or "-reported",
        "flagged": flagged,
        "follow_ups": due,
        "now": now,
    }
    template = (
        "cases/_partials/queue_results.html" if request.htmx else "cases/queue.html"
    )
    response = render(request, template, context)
    if request.method == "POST":
        # htmx shows this URL in the address bar: the filters and the token only.
        response["HX-Push-Url"] = url
    return response


@feature_required(Feature.AMBASSADOR_CASES)
@require_http_methods(["GET"])
def ambassador_list(request):
    state = request.GET.get("state", "")
    sort = "due" if request.GET.get("sort") == "due" else ""
    cases = selectors.ambassador_cases(user=request.user, state=state, sort=sort)
    paginator = Paginator(cases, settings.KLANKBORD_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    audit_reads(request.user, page.object_list, detail=LIST)
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
            "sort": sort,
            "now": timezone.now(),
            "answer_overdue_before": offered_before(timezone.now()),
        },
    )
