"""Reads that are more than a queryset: the triage queue, the ambassador's list, the
handoff proposal, a case page's related data. Each runs a fixed number of queries."""

import functools
import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from cases import constants as c
from cases.models import (
    AdvisorAction,
    Case,
    CaseFile,
    Consent,
    Damage,
    FollowUp,
    Handoff,
    Note,
    OfficeHolder,
    PoliceReport,
    Referral,
)
from cases.querysets import case_viewer
from core.prepared import prepared
from network.selectors import proposal_for_region
from regions.models import Gemeente

# --- a case page's rows ---------------------------------------------------------------

# The case page's sections, each asked in the case's own query whether it has any
# row (an index probe each): a section without rows costs no query of its own. Most
# cases have only a few kinds of records, and each query skipped is also the Python
# that builds it and its rows (issue 17: the page's time at most 3x its SQL).
SECTIONS = {
    "has_handoffs": Handoff,
    "has_notes": Note,
    "has_consents": Consent,
    "has_referrals": Referral,
    "has_police_report": PoliceReport,
    "has_damages": Damage,
    "has_advisor_actions": AdvisorAction,
    "has_files": CaseFile,
    "has_follow_ups": FollowUp,
    # The security app's breaks of confidentiality, reached through the case's own
    # relation (the cases app does not import the security app).
    "has_breaks": Case._meta.get_field("confidentiality_breaks").related_model,
}


# Each flag as plain SQL in the case's own query: nine ``Exists(…OuterRef…)`` cost
# more to compile than the index probes cost to run (issue 17: the page's Python).
_CASE_TABLE = Case._meta.db_table
SECTION_FLAGS = {
    flag: RawSQL(  # noqa: S611 - only the models' own table names, no input
        f'EXISTS (SELECT 1 FROM "{model._meta.db_table}" '  # noqa: S608 - table names
        f'WHERE "{model._meta.db_table}"."case_id" = "{_CASE_TABLE}"."id")',
        [],
        output_field=BooleanField(),
    )
    for flag, model in SECTIONS.items()
}


def page_case(user, pk: int) -> Case | None:
    """The case ``pk`` for its page, if ``user`` may see it (None otherwise): with
    the office holder's gemeente, region and province, the owner, and the section
    flags, in one query.

    Who may see it is ``Case.objects.visible_to``'s rule itself
    (``visible_to_viewer``), for the capacity ``case_viewer`` gives: one prepared
    read (``core.prepared``) per capacity (advisor, ambassador, or both), so the
    rule's SQL is compiled once per process and given the viewer's own
    organisation and id on every request. The test suite compares every replay
    with the rule compiled afresh."""
    organisation_id, ambassador_id = case_viewer(user)
    as_advisor, as_ambassador = organisation_id is not None, ambassador_id is not None
    low, high = connection.ops.integer_field_range(Case._meta.pk.get_internal_type())
    if not (as_advisor or as_ambassador) or not low <= pk <= high:
        return None  # nobody's case, or a pk beyond the column: no row
    viewer = [value for value in (organisation_id, ambassador_id) if value is not None]
    rows = _page_case_read(as_advisor, as_ambassador)(pk, *viewer)
    return rows[0] if rows else None


@functools.cache
def _page_case_read(as_advisor: bool, as_ambassador: bool):
    """The prepared read of ``page_case`` for one capacity."""

    def case_of(pk, *viewer):
        ids = iter(viewer)
        return (
            Case.objects.visible_to_viewer(
                next(ids) if as_advisor else None,
                next(ids) if as_ambassador else None,
            )
            .for_page()
            .annotate(**SECTION_FLAGS)
            .filter(pk=pk)
        )

    case_of.__qualname__ = (
        f"page_case[advisor={as_advisor}, ambassador={as_ambassador}]"
    )
    return prepared(case_of)


def case_rows(model, case_id: int, *related: str) -> list:
    """The rows of ``model`` (with the ``related`` objects joined) of the case
    ``case_id``, in the model's order: one prepared read per model and joins
    (``core.prepared``), compiled once. The caller has checked that the user may
    read the case (``Case.objects.visible_to``)."""
    return _case_rows_read(model, related)(case_id)


@functools.cache
def _case_rows_read(model, related: tuple[str, ...]):
    def rows_of(case_id):
        rows = model._default_manager.filter(case_id=case_id)
        return rows.select_related(*related) if related else rows

    rows_of.__qualname__ = f"case_rows[{model.__name__}]"
    return prepared(rows_of)


REFERENCE = re.compile(r"^\s*m?-?0*(\d{1,12})\s*$", re.IGNORECASE)


def triage_queue(*, user, filters: dict) -> QuerySet[Case]:
    """The advisor's queue: their organisation's cases, filtered and sorted.

    ``filters`` holds cleaned values of ``QueueFilterForm``."""
    from cases.forms.queue import QueueFilterForm

    qs = Case.objects.visible_to(user).for_list().with_danger_flag().with_next_due()
    view = filters.get("view") or "all"
    if view == "closed":
        qs = qs.filter(status=c.Status.CLOSED)
    else:
        if not filters.get("status"):
            qs = qs.filter(status__in=c.OPEN_STATUSES)
        if view == "mine":
            qs = qs.filter(owner=user)
        elif view == "unassigned":
            qs = qs.filter(owner__isnull=True)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("urgency"):
        qs = qs.filter(urgency=filters["urgency"])
    if filters.get("office"):
        qs = qs.filter(office_holder__office=filters["office"])
    if filters.get("region"):
        qs = qs.filter(_region_condition(filters["region"]))
    if filters.get("date_from"):
        qs = qs.filter(reported_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(reported_at__date__lte=filters["date_to"])
    query = filters.get("q")
    if query:
        match = REFERENCE.match(query)
        condition = _search_condition(query)
        if match:
            condition |= Q(pk=int(match.group(1)))
        qs = qs.filter(condition)
    order = QueueFilterForm.SORTS.get(filters.get("sort") or "-reported")
    # Not sorted on the danger flag: that would defeat the indexes on 100k cases
    # (a top-N sort of every open case, 15x slower). ``flagged_cases`` pins them.
    return qs.order_by(*order)


# The queue counts its meldingen up to this many; beyond it, "more than 1,000".
QUEUE_COUNT_CAP = 1000
# A count's LIMIT stays a bigint, whatever page number a URL asks for.
COUNT_LIMIT = 10**12


class WindowPaginator(Paginator):
    """A paginator whose page is one query in two steps: the ids of the page first
    (``pk IN (SELECT id … ORDER BY … LIMIT 25 OFFSET n)``), then those rows with
    their joins and per-row subqueries.

    Sorted and sliced as a whole, PostgreSQL joined and annotated every matching
    case before it kept 25 (821 rows of a filtered page at 1,000,000 meldingen);
    the inner query sorts on the case's own columns, from an index alone when one
    covers the filters. The same rows in the same order, in the same one query.

    The count is capped: it reads at most ``QUEUE_COUNT_CAP`` + 1 rows
    (``SELECT count(*) FROM (SELECT … LIMIT 1001)``), or as many as the page asked
    for needs and one more. Above it ``capped`` is true, the count is the rows
    known of (``known`` + 1) and the pages are those known to exist; each page
    further counts on (50 ms for the first page's full count at 1,000,000
    meldingen)."""

    def __init__(self, *args, cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = QUEUE_COUNT_CAP if cap is None else cap

    def get_page(self, number):
        try:
            asked = int(number)
        except (TypeError, ValueError):
            asked = 1
        # As far as the page asked for and one more (never beyond a bigint).
        self.known = min(max(self.known, asked * self.per_page), COUNT_LIMIT)
        return super().get_page(number)

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.known + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.known

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        window = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=window), number, self)


# Up to this many office holders in a region, the region filter is a list of their ids.
REGION_LISTED_HOLDERS = 2000


def _region_condition(region) -> Q:
    """Cases of office holders in ``region``.

    The office holders are looked up first, in a small query of their own: with a
    list of ids the count and the page read the open-case filter index
    (``case_open_filter_idx``) alone, without the case rows. Through the joins to
    the gemeente, PostgreSQL visited every case of each office holder of the region
    (777 ms for the count of a filtered page at 1,000,000 meldingen, 14 ms now). A
    region with very many office holders keeps the join."""
    holders = list(
        OfficeHolder.objects.filter(gemeente__region=region)
        .order_by()
        .values_list("pk", flat=True)[: REGION_LISTED_HOLDERS + 1]
    )
    if len(holders) <= REGION_LISTED_HOLDERS:
        return Q(office_holder__in=holders)
    return Q(office_holder__gemeente__region=region)


# Up to this many matching office holders, a search filters the cases on a list of
# their ids; beyond it, on the names themselves (see ``_search_condition``).
SEARCH_LISTED_HOLDERS = 500


def _search_condition(query: str) -> Q:
    """Cases whose office holder's name or gemeente contains ``query``.

    The office holders are looked up first, in a query of their own. A list of a few
    ids lets PostgreSQL size the count and the page exactly and use the index on
    ``office_holder``; with the LIKEs inside them, both queries evaluated the names of
    every office holder and its gemeente (27 instead of 18 ms of SQL for a name at
    100,000 meldingen), and a search that matches nobody now runs neither. A broad
    search (a letter, a common word) keeps the LIKEs: there, walking the cases newest
    first stops after one page, while a list of thousands of ids would be slower.
    Which cases the user may see is decided by the case query, as before."""
    # The gemeenten as a subquery: 342 names to compare instead of one per holder.
    gemeenten = Gemeente.objects.filter(name__icontains=query)
    by_name = Q(name__icontains=query) | Q(gemeente__in=gemeenten)
    holders = list(
        OfficeHolder.objects.filter(by_name).values_list("pk", flat=True)[
            : SEARCH_LISTED_HOLDERS + 1
        ]
    )
    if len(holders) <= SEARCH_LISTED_HOLDERS:
        return Q(office_holder__in=holders)
    return Q(office_holder__name__icontains=query) | Q(
        office_holder__gemeente__name__icontains=query
    )


def with_labels(cases) -> list[Case]:
    """The rows of a list page, each with the labels of its choice fields:
    ``category_label``, ``urgency_label``, ``status_label`` and ``office_label`` (the
    office holder's). The same text as ``get_category_display()`` and the like, which
    rebuild and translate the field's whole choice list on every call (four times a
    row); here each list is translated once."""
    cases = list(cases)
    own = {
        name: _choice_labels(Case, name) for name in ("category", "urgency", "status")
    }
    offices = _choice_labels(OfficeHolder, "office")
    for case in cases:
        for name, labels in own.items():
            value = getattr(case, name)
            setattr(case, f"{name}_label", labels.get(value, value))
        case.office_label = offices.get(
            case.office_holder.office, case.office_holder.office
        )
    return cases


def _choice_labels(model, name) -> dict:
    """A field's choices as ``{value: label}``, translated into the active language."""
    return {
        value: str(label) for value, label in model._meta.get_field(name).flatchoices
    }


def flagged_cases(*, user) -> list[Case]:
    """Open cases in immediate danger that nobody has acted on yet, newest first,
    with their labels (``with_labels``). Pinned above the queue whatever its filters,
    sort or page, until someone records an action.

    Usually there are none, so a first query on the partial index only asks whether
    there are any (without the joins of a list row, which cost more to plan and build
    than the index lookup); the rows themselves are a second query."""
    flagged = Case.objects.visible_to(user).filter(
        status__in=c.OPEN_STATUSES,
        immediate_danger=True,
        danger_acted_at__isnull=True,
    )
    ids = list(flagged.values_list("pk", flat=True))
    if not ids:
        return []
    return with_labels(
        flagged.filter(pk__in=ids)
        .for_list()
        .with_danger_flag()
        .order_by("-reported_at", "-pk")
    )


def ambassador_cases(*, user, state: str = "", sort: str = "") -> QuerySet[Case]:
    """The cases handed to this ambassador (offered or accepted), newest first (or,
    with ``sort="due"``, the soonest follow-up first), with the handoff's id and
    status and the next due follow-up (``next_due``) on each row."""
    active = Handoff.objects.filter(
        case=OuterRef("pk"), ambassador__user=user, status__in=c.ACTIVE_HANDOFF_STATUSES
    )
    states = (
        [state]
        if state in (c.HandoffStatus.OFFERED, c.HandoffStatus.ACCEPTED)
        else list(c.ACTIVE_HANDOFF_STATUSES)
    )
    qs = (
        Case.objects.visible_to(user)
        .filter(handoffs__ambassador__user=user, handoffs__status__in=states)
        .select_related("office_holder__gemeente__region")
        .with_danger_flag()
        .with_next_due()
        .annotate(
            handoff_id=Subquery(active.values("pk")[:1]),
            handoff_status=Subquery(active.values("status")[:1]),
            handoff_offered_at=Subquery(active.values("offered_at")[:1]),
        )
    )
    if sort == "due":
        return qs.order_by(
            "-needs_action",
            F("next_due").asc(nulls_last=True),
            "handoff_offered_at",
            "-pk",
        )
    return qs.order_by("-needs_action", "-urgency", "-reported_at", "-pk")


@dataclass
class HandoffProposal:
    region: object
    proposed: list
    others: list
    unavailable: list = field(default_factory=list)


def handoff_proposal(case: Case) -> HandoffProposal:
    """Available ambassadors of the case's organisation who cover the office holder's
    region (proposed), and the other available ones (only with an explicit
    confirmation). Ambassadors who marked themselves unavailable are never proposed.
    The same data as the coverage page (``network.selectors.by_region``)."""
    region = case.office_holder.gemeente.region
    proposal = proposal_for_region(
        region_id=region.pk, organisation_id=case.organisation_id
    )
    return HandoffProposal(
        region=region,
        proposed=proposal.proposed,
        others=proposal.others,
        unavailable=proposal.unavailable,
    )
