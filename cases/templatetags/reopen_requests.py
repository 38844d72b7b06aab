"""Requests to reopen a closed case, where the case's advisor sees them: on the case
page (with the answer) and above the queue."""

from django import template

from cases import constants as c
from cases.models import ReopenRequest

register = template.Library()


@register.inclusion_tag("cases/_partials/reopen_requests.html", takes_context=True)
def case_reopen_requests(context, case, actions):
    """The case's open request, with reopen and decline for an advisor who may
    reopen it (``actions``: the page's allowed actions)."""
    requests = []
    if "reopen" in actions:
        requests = list(
            ReopenRequest.objects.filter(
                case=case, status=c.ReopenRequestStatus.OPEN
            ).select_related("requested_by")
        )
    return {"requests": requests, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("cases/_partials/reopen_requests_waiting.html")
def reopen_requests_waiting(user):
    """The cases of the user's organisation with a request to reopen awaiting an
    answer (the queue's notice). One query."""
    requests = list(
        ReopenRequest.objects.visible_to(user)
        .filter(status=c.ReopenRequestStatus.OPEN, case__status=c.Status.CLOSED)
        .select_related("case")
        .order_by("requested_at", "pk")[:20]
    )
    return {"requests": requests}
