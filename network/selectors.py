"""Who is in the ambassador network, where and when: the one availability rule that
the coverage page, the handoff proposal and the handoff form share, and coverage per
region and province. Each runs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from core.prepared import prepared
from network.models import Ambassador, Unavailability
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


@prepared
def _network_of(organisation_id: int, on: date) -> QuerySet:
    """``network`` of one organisation, compiled once (``core.prepared``): the case
    page proposes from it on every view of an advisor's open case."""
    return network(organisation_id=organisation_id, on=on)


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
    on = on or timezone.localdate()
    ambassadors = (
        list(network(organisation_id=None, on=on))
        if organisation_id is None
        else _network_of(organisation_id, on)
    )
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
