"""Who may see what: one ``visible_to(user)`` per model, and reusable queries.

Every view that shows case data starts from these querysets, so a case a user may not
see is a 404, not a 403 that confirms it exists.
"""

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Min,
    OuterRef,
    Q,
    Subquery,
)

from cases.constants import (
    ACTIVE_HANDOFF_STATUSES,
    CASE_ACCESS_CODENAME,
    HandoffStatus,
    Status,
)
from core.constants import Role
from core.fields import EncryptedTextField
from core.roles import organisation_id_of, roles_of


def _ambassador_case_filter(case_model, user_id: int) -> Q:
    """Cases handed to this ambassador. Both the per-object grant and an active handoff
    to an active ambassador must exist: the services keep them in step, and either one
    going missing closes the case to them."""
    # The grant and handoff models are reached through the case's own relations.
    grant_model = case_model._meta.get_field("caseuserobjectpermission").related_model
    handoff_model = case_model._meta.get_field("handoffs").related_model
    granted = grant_model.objects.filter(
        user_id=user_id,
        permission__codename=CASE_ACCESS_CODENAME,
        permission__content_type__app_label="cases",
    ).values("content_object_id")
    handed = handoff_model.objects.filter(
        ambassador__user_id=user_id,
        ambassador__is_active=True,
        status__in=ACTIVE_HANDOFF_STATUSES,
    ).values("case_id")
    return Q(pk__in=granted) & Q(pk__in=handed)


def case_viewer(user) -> tuple[int | None, int | None]:
    """In what capacity ``user`` sees cases: (the organisation whose cases they see
    as its advisor, or None; their own id if they see the cases handed to them as
    an ambassador, or None). The one input of the rule below."""
    roles = roles_of(user)
    organisation_id = organisation_id_of(user) if Role.ADVISOR in roles else None
    return organisation_id, user.pk if Role.AMBASSADOR in roles else None


def visible_case_condition(case_model, organisation_id, ambassador_id) -> Q | None:
    """The Q that selects the cases a viewer (``case_viewer``) may see, or None for
    no case at all."""
    conditions = []
    if organisation_id is not None:
        conditions.append(Q(organisation_id=organisation_id))
    if ambassador_id is not None:
        conditions.append(_ambassador_case_filter(case_model, ambassador_id))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def _visible_case_filter(case_model, user) -> Q | None:
    """The Q that selects the cases ``user`` may see, or None for no case at all."""
    return visible_case_condition(case_model, *case_viewer(user))


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.visible_to_viewer(*case_viewer(user))

    def visible_to_viewer(self, organisation_id, ambassador_id):
        """``visible_to`` for a viewer given as ``case_viewer`` gives it."""
        condition = visible_case_condition(self.model, organisation_id, ambassador_id)
        return self.none() if condition is None else self.filter(condition)

    def visible_to_ambassador(self, user):
        """Only the cases ``user`` may see as an ambassador (not as an advisor)."""
        if Role.AMBASSADOR not in roles_of(user):
            return self.none()
        return self.filter(_ambassador_case_filter(self.model, user.pk))

    def closed_by_ambassador(self, user):
        """The closed cases ``user`` closed as their ambassador, for reading only
        until the retention purge deletes them: the case is closed, its last closing
        was by ``user``, and it had been handed to them (an active ambassador) and
        accepted. Reopening the case ends this at once. Nothing in
        ``cases.permissions`` counts this: every service refuses them a write."""
        if Role.AMBASSADOR not in roles_of(user):
            return self.none()
        history_model = self.model._meta.get_field("history").related_model
        handoff_model = self.model._meta.get_field("handoffs").related_model
        accepted = handoff_model.objects.filter(
            ambassador__user=user,
            ambassador__is_active=True,
            status=HandoffStatus.ENDED,
            responded_at__isnull=False,
        ).values("case_id")
        last_closer = (
            history_model.objects.filter(case=OuterRef("pk"), to_status=Status.CLOSED)
            .order_by("-at", "-pk")
            .values("by")[:1]
        )
        return (
            self.filter(status=Status.CLOSED, pk__in=accepted)
            .annotate(closed_by_id=Subquery(last_closer))
            .filter(closed_by_id=user.pk)
        )

    def for_page(self):
        """What a case's pages show above everything else: the office holder with
        gemeente, region and province, and the owner."""
        return self.select_related(
            "office_holder__gemeente__region",
            "office_holder__gemeente__province",
            "owner",
        )

    def for_list(self):
        """What a list row shows: the office holder with gemeente and region, and the
        owner. The encrypted free text (account, location, …) is left in the database:
        no list shows it, and loading it would decrypt every value of the page."""
        encrypted = [
            field.name
            for field in self.model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        return self.select_related("office_holder__gemeente__region", "owner").defer(
            *encrypted
        )

    def with_danger_flag(self):
        """Annotate ``needs_action``: immediate danger that nobody has acted on yet.
        Queues sort on it first, so those cases head every list (no extra query)."""
        return self.annotate(
            needs_action=ExpressionWrapper(
                Q(immediate_danger=True, danger_acted_at__isnull=True),
                output_field=BooleanField(),
            )
        )

    def with_next_due(self):
        """Annotate ``next_due``: the soonest due moment of the case's open
        follow-ups (None without one). Lists mark a case overdue when it has passed,
        and sort on it for "due first"; a subquery on a partial index per row."""
        follow_up = self.model._meta.get_field("follow_ups").related_model
        soonest = (
            follow_up.objects.filter(case=OuterRef("pk"), done_at__isnull=True)
            .order_by()
            .values("case")
            .annotate(soonest=Min("due_at"))
            .values("soonest")
        )
        return self.annotate(next_due=Subquery(soonest[:1]))

    def count_by_office(self) -> dict[str, int]:
        """Number of cases per kind of office holder (raadslid, wethouder, …), for
        dashboards: ``{"raadslid": 12, "wethouder": 3}``. Callers apply their own
        anonymisation rules (small cells) before showing it."""
        rows = (
            self.order_by()
            .values_list("office_holder__office")
            .annotate(count=Count("pk"))
        )
        return dict(rows)


class CaseChildQuerySet(models.QuerySet):
    """Notes, consents, referrals, handoffs, history: visible with their case."""

    def visible_to(self, user):
        case_model = self.model._meta.get_field("case").related_model
        condition = _visible_case_filter(case_model, user)
        if condition is None:
            return self.none()
        return self.filter(case__in=case_model.objects.filter(condition).values("pk"))


class OfficeHolderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Advisors see their organisation's office holders; ambassadors only those of
        the cases handed to them."""
        roles = roles_of(user)
        condition = Q(pk__in=[])
        if Role.ADVISOR in roles:
            organisation_id = organisation_id_of(user)
            if organisation_id is not None:
                condition |= Q(organisation_id=organisation_id)
        if Role.AMBASSADOR in roles:
            case_model = self.model._meta.get_field("cases").related_model
            condition |= Q(
                pk__in=case_model.objects.visible_to(user).values("office_holder_id")
            )
        return self.filter(condition)


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The expert network of the user's own organisation, for its advisors,
        ambassadors and functional admins. Another organisation's network stays
        invisible, like its cases."""
        roles = roles_of(user)
        if not roles & {Role.ADVISOR, Role.AMBASSADOR, Role.ADMIN}:
            return self.none()
        organisation_id = organisation_id_of(user)
        if organisation_id is None:
            return self.none()
        return self.filter(organisation_id=organisation_id)

    def active(self):
        return self.filter(is_active=True)

    def for_region(self, region):
        """Partners who work in ``region``, or nationwide (no region at all)."""
        return self.filter(Q(regions=region) | Q(regions__isnull=True)).distinct()
