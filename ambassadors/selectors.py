"""Reads of the ambassador network: who is available (the one rule that the coverage
page and the handoff proposal share), coverage per region and province, and each
ambassador's load. Each runs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
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

from ambassadors.models import (
    Ambassador,
    Invitation,
    Meeting,
    TimeEntry,
    Unavailability,
)
from core.permissions import Feature, can_use
from regions.models import Gemeente, Region


def unavailable_on(on: date):
    return Exists(
        Unavailability.objects.filter(
            ambassador=OuterRef("pk"), starts_on__lte=on, ends_on__gte=on
        )
    )


def network(*, organisation_id: int | None, on: date | None = None) -> QuerySet:
    """Active ambassadors (of ``organisation_id``, if given) with their regions
    prefetched and ``is_unavailable`` annotated for the day ``on`` (default today)."""
    on = on or timezone.localdate()
    qs = Ambassador.objects.active()
    if organisation_id is not None:
        qs = qs.for_organisation(organisation_id)
    return (
        qs.select_related("user")
        .prefetch_related("regions")
        .annotate(is_unavailable=unavailable_on(on))
    )


@dataclass
class RegionAmbassadors:
    available: list = field(default_factory=list)
    unavailable: list = field(default_factory=list)

    @property
    def active(self) -> int:
        return len(self.available) + len(self.unavailable)


def by_region(
    *, organisation_id: int | None, on: date | None = None
) -> tuple[dict[int, RegionAmbassadors], list]:
    """Active ambassadors per region id, split into available and unavailable on
    ``on``; and the list of all active ambassadors. The single source for both the
    coverage page and the handoff proposal. Two queries."""
    ambassadors = list(network(organisation_id=organisation_id, on=on))
    regions: dict[int, RegionAmbassadors] = {}
    for ambassador in ambassadors:
        for region in ambassador.regions.all():
            entry = regions.setdefault(region.pk, RegionAmbassadors())
            target = entry.unavailable if ambassador.is_unavailable else entry.available
            target.append(ambassador)
    return regions, ambassadors


@dataclass
class Proposal:
    proposed: list
    others: list
    unavailable: list


def proposal_for_region(*, region_id: int, organisation_id: int) -> Proposal:
    """Who to propose for a handoff in ``region_id``: the available ambassadors of
    the region; the other available ones (another region, only with confirmation);
    unavailable ambassadors are named but never proposed."""
    regions, ambassadors = by_region(organisation_id=organisation_id)
    here = regions.get(region_id, RegionAmbassadors())
    proposed = here.available
    others = [
        a for a in ambassadors if not a.is_unavailable and a not in here.available
    ]
    return Proposal(proposed=proposed, others=others, unavailable=here.unavailable)


@dataclass
class RegionRow:
    region: Region
    gemeenten: int
    ambassadors: RegionAmbassadors

    @property
    def uncovered(self) -> bool:
        return self.ambassadors.active == 0

    @property
    def none_available(self) -> bool:
        return not self.uncovered and not self.ambassadors.available


@dataclass
class Coverage:
    regions: list[RegionRow]
    per_province: dict[str, int]
    province_names: dict[str, str]

    @property
    def uncovered(self) -> list[RegionRow]:
        return [row for row in self.regions if row.uncovered]


def coverage(*, organisation_id: int | None) -> Coverage:
    """Every active region with its number of active (and available) ambassadors,
    and per province (CBS code) the number of distinct active ambassadors covering
    one of its gemeenten. Four queries."""
    regions, _ambassadors = by_region(organisation_id=organisation_id)
    counts = dict(
        Region.objects.filter(is_active=True)
        .annotate(n=Count("gemeenten"))
        .values_list("pk", "n")
    )
    rows = [
        RegionRow(
            region=region,
            gemeenten=counts.get(region.pk, 0),
            ambassadors=regions.get(region.pk, RegionAmbassadors()),
        )
        for region in Region.objects.filter(is_active=True).order_by("name")
    ]
    provinces: dict[str, set] = {}
    names: dict[str, str] = {}
    pairs = Gemeente.objects.values_list(
        "region_id", "province__code", "province__name"
    ).distinct()
    for region_id, code, name in pairs:
        names[code] = name
        bucket = provinces.setdefault(code, set())
        entry = regions.get(region_id)
        if entry is not None:
            bucket.update(a.pk for a in entry.available + entry.unavailable)
    return Coverage(
        regions=rows,
        per_province={code: len(ids) for code, ids in provinces.items()},
        province_names=names,
    )


# --- time and load -------------------------------------------------------------------


def month_bounds(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = (first.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    return first, following


def with_load(qs: QuerySet, *, today: date | None = None) -> QuerySet:
    """Annotate ambassadors with ``hours_month`` (this calendar month), ``open_cases``
    (handoffs offered or accepted) and ``dagdelen_year`` (attended meetings this
    calendar year). Subqueries, so the row count and query count stay fixed."""
    from cases.constants import ACTIVE_HANDOFF_STATUSES
    from cases.models import Handoff

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
    from ambassadors.forms import NetworkFilterForm

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
