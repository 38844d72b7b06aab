"""Follow-ups and the clocks that watch them.

Per case, a person plans follow-ups: "call back before", the next contact, aftercare
check-ins. Each has an owner (an advisor of the case's organisation or its accepted
ambassador) and is done when someone marks it so.

The service clocks (settings in docs/operations.md):
- a call to the 24/7 line gets a "call back before" follow-up, owned by the advisor
  who took it, due ``KLANKBORD_CALLBACK_HOURS`` after the call when it came in office
  hours, ``KLANKBORD_CALLBACK_HOURS_OUTSIDE_OFFICE`` after it otherwise;
- an accepted handoff gets a "first contact" follow-up, owned by the ambassador, due
  ``KLANKBORD_FIRST_CONTACT_DAYS`` after the acceptance;
  both are done as soon as a contact moment is recorded on the case;
- an offered handoff not answered within ``KLANKBORD_HANDOFF_ACCEPT_DAYS`` goes back
  to the advisor (``expire_offered_handoffs``).

The beat runs ``fire_due_follow_ups`` and ``expire_offered_handoffs``. Each firing
first inserts a ``ClockFiring`` row, unique per (clock, case, due moment, follow-up),
in the transaction that does the work: a second run, a restarted beat or two workers
at once find the row there (or wait for it and then find it) and do nothing.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import constants as c
from cases import permissions, workflow
from cases.models import Case, ClockFiring, FollowUp, Handoff, Note
from cases.permissions import Action
from cases.services import notifications
from cases.services.common import end_handoff, lock, require_open
from core.audit import audit
from core.constants import AuditAction

logger = logging.getLogger(__name__)
K = c.NotificationKind

# --- the settings, read when used -----------------------------------------------------


def in_office_hours(moment: datetime) -> bool:
    """Monday to Friday within ``KLANKBORD_CALLBACK_OFFICE_HOURS`` ("9-17": from
    9:00 up to 17:00), local time."""
    start, end = (int(part) for part in settings.KLANKBORD_CALLBACK_OFFICE_HOURS)
    local = timezone.localtime(moment)
    return local.weekday() < 5 and start <= local.hour < end


def callback_due(reported_at: datetime) -> datetime:
    hours = (
        settings.KLANKBORD_CALLBACK_HOURS
        if in_office_hours(reported_at)
        else settings.KLANKBORD_CALLBACK_HOURS_OUTSIDE_OFFICE
    )
    return reported_at + timedelta(hours=hours)


def accept_deadline(offered_at: datetime) -> datetime:
    return offered_at + timedelta(days=settings.KLANKBORD_HANDOFF_ACCEPT_DAYS)


def offered_before(now: datetime) -> datetime:
    """Handoffs offered before this moment are overdue."""
    return now - timedelta(days=settings.KLANKBORD_HANDOFF_ACCEPT_DAYS)


# --- planned by a person --------------------------------------------------------------


def owner_may_work_on(owner, case: Case) -> bool:
    """A follow-up's owner can act on it: an advisor of the case, or its accepted
    ambassador."""
    return permissions.can(owner, Action.NOTE_ADD, case)


@transaction.atomic
def follow_up_add(
    *, case: Case, by, kind: str, due_at: datetime, owner, now=None
) -> FollowUp:
    """Plan a follow-up on an open case, for an owner who works on it. Refused for a
    moment in the past and for an owner who may not work on the case."""
    permissions.require(by, Action.NOTE_ADD, case)
    lock(case)
    require_open(case)
    now = now or timezone.now()
    if kind not in c.PLANNED_FOLLOW_UP_KINDS:
        raise ValidationError({"kind": _("Choose a kind of follow-up from the list.")})
    if due_at is None or timezone.is_naive(due_at):
        raise ValidationError({"due_at": _("Give a date and a time.")})
    if due_at <= now:
        raise ValidationError({"due_at": _("This moment lies in the past.")})
    if owner is None or not owner_may_work_on(owner, case):
        raise ValidationError({"owner": _("Choose someone who works on this case.")})
    follow_up = FollowUp.objects.create(
        case=case, kind=kind, due_at=due_at, owner=owner, created_by=by, created_at=now
    )
    audit(by, AuditAction.CREATE, follow_up, kind)
    return follow_up


@transaction.atomic
def follow_up_done(*, follow_up: FollowUp, by, now=None) -> FollowUp:
    """Mark a follow-up done (whoever works on the case)."""
    permissions.require(by, Action.NOTE_ADD, follow_up.case)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.done_at is not None:
        raise ValidationError(_("This follow-up is done already."))
    follow_up.done_at = now or timezone.now()
    follow_up.done_by = by
    follow_up.save(update_fields=["done_at", "done_by"])
    audit(by, AuditAction.UPDATE, follow_up, "done")
    return follow_up


# --- set by the services --------------------------------------------------------------


def plan_callback(case: Case, *, owner) -> FollowUp:
    """A call to the 24/7 line: call back before the moment the setting says."""
    return FollowUp.objects.create(
        case=case,
        kind=c.FollowUpKind.CALLBACK,
        due_at=callback_due(case.reported_at),
        owner=owner,
        created_by=owner,
    )


def plan_first_contact(handoff: Handoff, *, now=None) -> FollowUp:
    """An accepted handoff: the ambassador records a first contact within the days
    the setting gives."""
    now = now or timezone.now()
    return FollowUp.objects.create(
        case=handoff.case,
        kind=c.FollowUpKind.FIRST_CONTACT,
        due_at=now + timedelta(days=settings.KLANKBORD_FIRST_CONTACT_DAYS),
        owner=handoff.ambassador.user,
        created_at=now,
    )


def contact_recorded(case: Case, *, by, now=None) -> int:
    """A contact moment was recorded: the case's open call-back and first-contact
    follow-ups are done."""
    return FollowUp.objects.filter(
        case=case, kind__in=c.SETTLED_BY_CONTACT, done_at__isnull=True
    ).update(done_at=now or timezone.now(), done_by=by)


def end_follow_ups_of(case: Case, *, owner, now=None) -> int:
    """An ambassador's handoff ended: their open follow-ups of the case end with it
    (they can no longer act on them)."""
    return FollowUp.objects.filter(case=case, owner=owner, done_at__isnull=True).update(
        done_at=now or timezone.now()
    )


# --- the clocks -----------------------------------------------------------------------


def claim(clock: str, *, case_id: int, due_at: datetime, follow_up=None) -> bool:
    """Record that ``clock`` fires for this case and due moment; False when it fired
    already (in a committed transaction, or one that commits while we wait)."""
    try:
        with transaction.atomic():
            ClockFiring.objects.create(
                clock=clock, case_id=case_id, due_at=due_at, follow_up=follow_up
            )
    except IntegrityError:
        return False
    return True


def contact_since(case: Case, moment: datetime) -> bool:
    return Note.objects.filter(
        case=case, kind=c.NoteKind.CONTACT, created_at__gte=moment
    ).exists()


def fire_due_follow_ups(*, now=None) -> int:
    """Tell each open follow-up's owner once when it is due. A call-back or a first
    contact that a contact moment settled meanwhile is marked done instead; one whose
    owner can no longer act on the case is passed to nobody (the lists show it).
    Returns the number of follow-ups that fired."""
    now = now or timezone.now()
    due = list(
        FollowUp.objects.filter(
            done_at__isnull=True, due_at__lte=now, case__status__in=c.OPEN_STATUSES
        )
        .exclude(firings__clock=c.Clock.FOLLOW_UP)
        .values_list("pk", flat=True)
    )
    fired = 0
    for follow_up_id in due:
        with transaction.atomic():
            follow_up = (
                FollowUp.objects.select_related("case", "owner")
                .filter(pk=follow_up_id, done_at__isnull=True)
                .first()
            )
            if follow_up is None or not claim(
                c.Clock.FOLLOW_UP,
                case_id=follow_up.case_id,
                due_at=follow_up.due_at,
                follow_up=follow_up,
            ):
                continue
            fired += fire(follow_up, now=now)
    return fired


def fire(follow_up: FollowUp, *, now) -> int:
    case, owner = follow_up.case, follow_up.owner
    if follow_up.kind in c.SETTLED_BY_CONTACT and contact_since(
        case, follow_up.created_at
    ):
        follow_up.done_at = now
        follow_up.save(update_fields=["done_at"])
        return 0
    if not owner_may_work_on(owner, case):
        logger.info(
            "Follow-up %s: its owner no longer works on the case.", follow_up.pk
        )
        return 0
    if follow_up.kind == c.FollowUpKind.CALLBACK:
        notifications.notify(owner, K.CALLBACK_OVERDUE, case, now=now)
    elif follow_up.kind == c.FollowUpKind.FIRST_CONTACT:
        notifications.notify(owner, K.FIRST_CONTACT_OVERDUE, case, now=now)
        notifications.notify_advisor(case, K.FIRST_CONTACT_OVERDUE, now=now)
    else:
        notifications.notify(owner, K.FOLLOW_UP_DUE, case, now=now)
    return 1


def expire_offered_handoffs(*, now=None) -> int:
    """An offer not answered within ``KLANKBORD_HANDOFF_ACCEPT_DAYS`` goes back to
    the advisor: the handoff ends (``workflow.move_handoff``, by the system), the
    ambassador's access with it, the case returns to the queue with one history row,
    and the advisor and the ambassador are told. Returns the number taken back."""
    now = now or timezone.now()
    overdue = list(
        Handoff.objects.filter(
            status=c.HandoffStatus.OFFERED, offered_at__lte=offered_before(now)
        ).values_list("pk", flat=True)
    )
    expired = 0
    for handoff_id in overdue:
        with transaction.atomic():
            handoff = (
                Handoff.objects.select_related("case", "ambassador__user", "offered_by")
                .filter(pk=handoff_id)
                .first()
            )
            if handoff is None or not claim(
                c.Clock.HANDOFF_ACCEPT,
                case_id=handoff.case_id,
                due_at=accept_deadline(handoff.offered_at),
            ):
                continue
            if expire(handoff, now=now):
                expired += 1
    return expired


def expire(handoff: Handoff, *, now) -> bool:
    case = lock(handoff.case)
    handoff = (
        Handoff.objects.select_for_update(of=("self",))
        .select_related("ambassador__user", "offered_by")
        .get(pk=handoff.pk)
    )
    if handoff.status != c.HandoffStatus.OFFERED:
        return False
    end_handoff(handoff, reason="not accepted in time", actor=c.Actor.SYSTEM)
    if case.status == c.Status.HANDOFF_OFFERED:
        workflow.move(
            case,
            to_status=c.Status.TRIAGE,
            by=None,
            actor=c.Actor.SYSTEM,
            reason=_("The ambassador did not accept the case in time."),
        )
    ambassador = handoff.ambassador.user
    end_follow_ups_of(case, owner=ambassador, now=now)
    notifications.notify_advisor(
        case, K.HANDOFF_EXPIRED, fallback=handoff.offered_by, now=now
    )
    notifications.notify(ambassador, K.OFFER_EXPIRED, case, now=now)
    return True


# --- reads for the pages --------------------------------------------------------------


def possible_owners(case: Case):
    """Who may own a follow-up of ``case``: its organisation's advisors and the
    ambassador who accepted it."""
    accepted = Handoff.objects.filter(
        case=case, status=c.HandoffStatus.ACCEPTED
    ).values("ambassador__user_id")
    advisors = permissions.advisors_of(case.organisation_id).values("pk")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=advisors) | Q(pk__in=accepted), is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def open_follow_ups_of(user):
    """The user's own open follow-ups on open cases they can still see, soonest
    first."""
    visible = Case.objects.visible_to(user).filter(status__in=c.OPEN_STATUSES)
    return (
        FollowUp.objects.filter(owner=user, done_at__isnull=True, case__in=visible)
        .select_related("case")
        .order_by("due_at", "pk")
    )
