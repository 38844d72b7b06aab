"""Requests to reopen a closed case on the case page, where its advisor answers them
(the queue loads its list of them apart: ``views.closed.reopen_request_list``)."""

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
