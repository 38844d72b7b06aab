"""A case page's follow-ups."""

from django import template
from django.utils import timezone

from cases.models import FollowUp

register = template.Library()


@register.inclusion_tag("cases/_partials/followups.html", takes_context=True)
def case_follow_ups(context, case, actions):
    """The case's open follow-ups, soonest first, on the case page: the ones the
    page read already (``open_follow_ups``, with their owner), or read here."""
    follow_ups = context.get("open_follow_ups")
    if follow_ups is None:
        follow_ups = list(
            FollowUp.objects.filter(case=case, done_at__isnull=True)
            .select_related("owner")
            .order_by("due_at", "pk")
        )
    return {
        "case": case,
        "can_plan": "note_add" in actions,
        "follow_ups": follow_ups,
        "now": timezone.now(),
    }
