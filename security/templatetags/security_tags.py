from django import template

from cases.selectors import case_rows
from core.audit import audit_reads
from security import services
from security.models import BreakStatus, ConfidentialityBreak

register = template.Library()


@register.inclusion_tag("security/_case_confidentiality.html", takes_context=True)
def confidentiality_section(context, case):
    """The case page's section on breaches of confidentiality. Advisors of the case's
    organisation see the reasons and can request or confirm; others see that it
    happened (ground, status, when), so an ambassador knows."""
    user = context["request"].user
    # The case page asks in the case's own query whether there is any
    # (``has_breaks``): most cases have none, and then this costs no query.
    breaks = (
        case_rows(ConfidentialityBreak, case.pk, "requested_by", "decided_by")
        if getattr(case, "has_breaks", True)
        else []
    )
    is_advisor = services.may_request_break(user=user, case=case)
    if is_advisor and breaks:
        audit_reads(user, breaks)  # the reasons are shown
    return {
        "case": case,
        "breaks": breaks,
        "is_advisor": is_advisor,
        "can_request": is_advisor
        and case.is_open
        and not any(b.status == BreakStatus.REQUESTED for b in breaks),
        "decidable": {
            b.pk for b in breaks if services.may_decide_break(user=user, brk=b)
        }
        if is_advisor
        else set(),
    }
