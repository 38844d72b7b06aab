"""Reads of the ambassadors' work: hours and load against what is expected, the
network overview with that load, and meetings. Who is available where is
``network.selectors``. Each runs a fixed number of queries."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ambassadors.forms import NetworkFilterForm
from ambassadors.models import Invitation, Meeting, TimeEntry
from cases.constants import ACTIVE_HANDOFF_STATUSES
from cases.models import Handoff
from core.permissions import Feature, can_use
from network.selectors import network

# --- time and load -------------------------------------------------------------------


def month_bounds(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = (first.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    return first, following


def with_load(qs: QuerySet, *, today: date | None = None) -> QuerySet:
    """Annotate ambassadors with ``hours_month`` (this calendar month), ``open_cases``
    (handoffs offered or accepted) and ``dagdelen_year`` (attended meetings this
    calendar year). Subqueries, so the row count and query count stay fixed."""
    today = today or timezone.localdate()
    first, following = month_bounds(today)
    hours = (
        TimeEntry.objects.filter(
            ambassador=OuterRef("pk"), worked_on__gte=first, worked_on__lt=following
        )
        .order_by()
        .values("ambassador")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    open_cases = (
        Handoff.objects.filter(
            ambassador=OuterRef("pk"), status__in=ACTIVE_HANDOFF_STATUSES
        )
        .order_by()
        .values("ambassador")
        .annotate(n=Count("pk"))
        .values("n")
    )
    dagdelen = (
        Invitation.objects.filter(
            ambassador=OuterRef("pk"), attended=True, meeting__held_on__year=today.year
        )
        .order_by()
        .values("ambassador")
        .annotate(n=Sum("meeting__dagdelen"))
        .values("n")
    )
    decimal = DecimalField(max_digits=8, decimal_places=2)
    return qs.annotate(
        hours_month=Coalesce(
            Subquery(hours, output_field=decimal),
            Value(Decimal("0")),
            output_field=decimal,
        ),
        open_cases=Coalesce(
            Subquery(open_cases, output_field=IntegerField()), Value(0)
        ),
        dagdelen_year=Coalesce(
            Subquery(dagdelen, output_field=IntegerField()), Value(0)
        ),
    )


def load_status(hours: Decimal) -> str:
    """ "under", "within" or "over" the expected hours per month."""
    if hours < settings.KLANKBORD_AMBASSADOR_HOURS_MIN:
        return "under"
    if hours > settings.KLANKBORD_AMBASSADOR_HOURS_MAX:
        return "over"
    return "within"


def dagdelen_status(dagdelen: int) -> str:
    if dagdelen < settings.KLANKBORD_AMBASSADOR_DAGDELEN_MIN:
        return "under"
    if dagdelen > settings.KLANKBORD_AMBASSADOR_DAGDELEN_MAX:
        return "over"
    return "within"


def network_overview(*, organisation_id, filters: dict) -> QuerySet:
    today = timezone.localdate()
    qs = with_load(network(organisation_id=organisation_id, on=today), today=today)
    if filters.get("region"):
        qs = qs.filter(regions=filters["region"])
    if filters.get("availability") == "available":
        qs = qs.filter(is_unavailable=False)
    elif filters.get("availability") == "unavailable":
        qs = qs.filter(is_unavailable=True)
    if filters.get("q"):
        query = filters["q"]
        qs = qs.filter(
            Q(user__first_name__icontains=query) | Q(user__last_name__icontains=query)
        )
    order = NetworkFilterForm.SORTS.get(filters.get("sort") or "name")
    return qs.order_by(*order)


def meetings_for(user, *, ambassador=None) -> QuerySet:
    """Coordinators see every meeting; an ambassador only those they are invited to."""
    qs = Meeting.objects.annotate(
        invited=Count("invitations", distinct=True),
        attended_count=Count(
            "invitations", filter=Q(invitations__attended=True), distinct=True
        ),
    ).order_by("-held_on", "-pk")
    if can_use(user, Feature.NETWORK_MANAGE):
        return qs
    if ambassador is None:
        return qs.none()
    return qs.filter(invitations__ambassador=ambassador)
