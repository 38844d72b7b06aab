"""A case page's follow-ups."""

from django import template
from django.utils import timezone

from cases.models import FollowUp

register = template.Library()


@register.inclusion_tag("cases/_partials/followups.html")
def case_follow_ups(case, actions):
    """The case's open follow-ups, soonest first, on the case page."""
    return {
        "case": case,
        "can_plan": "note_add" in actions,
        "follow_ups": list(
            FollowUp.objects.filter(case=case, done_at__isnull=True)
            .select_related("owner")
            .order_by("due_at", "pk")
        ),
        "now": timezone.now(),
    }
