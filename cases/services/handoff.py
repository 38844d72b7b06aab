"""Handing a case to a regional ambassador, their answer, and taking it back."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from cases import constants as c
from cases import permissions, workflow
from cases.models import Case, Handoff
from cases.permissions import CASE_ACCESS_PERMISSION, Action
from cases.services import followups, notifications
from cases.services.common import (
    danger_action_record,
    end_handoff,
    enqueue,
    lock,
    valid_consents,
)
from cases.tasks import notify_advisor_of_decline, notify_ambassador_of_handoff
from core.audit import audit
from core.constants import AuditAction
from core.permissions import Feature, require_feature


@transaction.atomic
def case_handoff(
    *, case: Case, ambassador, by, outside_region: bool = False
) -> Handoff:
    """Hand a case to a regional ambassador.

    Refused unless: ``by`` is an advisor of the case's organisation; a valid handoff
    consent exists; the case is new or with the advisor and has no active handoff;
    the ambassador is active, of the same organisation and covers the office holder's
    region (or the advisor explicitly chose one from another region). Grants the
    ambassador access to this case only and e-mails them, after commit, a
    notification without case content.
    """
    actor = permissions.require(by, Action.HANDOFF, case)
    require_feature(by, Feature.HANDOFF)
    lock(case)
    consent = valid_consents(case, c.ConsentPurpose.HANDOFF).first()
    if consent is None:
        raise ValidationError(
            _("Record the person's consent for a handoff before handing over.")
        )
    if workflow.find_active_handoff(case) is not None:
        raise ValidationError(_("This case has already been handed to an ambassador."))
    if case.status not in (c.Status.NEW, c.Status.TRIAGE):
        raise ValidationError(_("Only a case with the advisor can be handed over."))
    # Lock the ambassador's row and read it afresh: a functional admin deactivating
    # them (security.administration, which locks the same row and counts their open
    # handoffs) either sees this handoff or makes this check refuse it.
    ambassador = (
        type(ambassador)
        .objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=ambassador.pk)
    )
    if (
        not permissions.is_active_ambassador(ambassador)
        or ambassador.organisation_id != case.organisation_id
    ):
        raise ValidationError({"ambassador": _("Choose an active ambassador.")})
    region_id = case.office_holder.gemeente.region_id
    covers_region = ambassador.regions.filter(pk=region_id).exists()
    if not covers_region and not outside_region:
        raise ValidationError(
            {
                "ambassador": _(
                    "This ambassador does not cover the office holder's region. "
                    "Confirm that you want to hand the case to another region."
                )
            }
        )
    handoff = Handoff(case=case, ambassador=ambassador, consent=consent, offered_by=by)
    try:
        with transaction.atomic():
            handoff.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This case has already been handed to an ambassador.")
        ) from error
    assign_perm(CASE_ACCESS_PERMISSION, ambassador.user, case)
    danger_action_record(case=case, by=by)
    workflow.move(case, to_status=c.Status.HANDOFF_OFFERED, by=by, actor=actor)
    audit(
        by,
        AuditAction.HANDOFF,
        handoff,
        "outside region" if not covers_region else "",
    )
    enqueue(notify_ambassador_of_handoff, handoff.pk)
    notifications.notify(
        ambassador.user,
        c.NotificationKind.HANDOFF_OFFERED,
        case,
        emailed_elsewhere=True,
    )
    return handoff


def _own_offered_handoff(handoff: Handoff, by) -> Handoff:
    """The handoff, locked, if it was offered to ``by`` and is still unanswered."""
    handoff = (
        Handoff.objects.select_for_update()
        .select_related("ambassador__user", "case")
        .get(pk=handoff.pk)
    )
    permissions.require_handoff_answer(by, handoff)
    if handoff.status != c.HandoffStatus.OFFERED:
        raise ValidationError(_("This handoff has already been answered."))
    return handoff


@transaction.atomic
def handoff_accept(*, handoff: Handoff, by) -> Handoff:
    """The ambassador accepts: the case is with them, in its first phase of support
    (one history row for the one event)."""
    handoff = _own_offered_handoff(handoff, by)
    case = handoff.case
    lock(case)
    workflow.move_handoff(
        handoff,
        to_status=c.HandoffStatus.ACCEPTED,
        actor=c.Actor.AMBASSADOR,
        responded_at=timezone.now(),
    )
    workflow.move(
        case,
        to_status=c.Status.WITH_AMBASSADOR,
        to_phase=workflow.FIRST_PHASE,
        by=by,
        actor=c.Actor.AMBASSADOR,
    )
    audit(by, AuditAction.ACCEPT, handoff)
    followups.plan_first_contact(handoff)
    notifications.notify_advisor(
        case, c.NotificationKind.HANDOFF_ACCEPTED, fallback=handoff.offered_by
    )
    return handoff


@transaction.atomic
def handoff_decline(*, handoff: Handoff, by, reason: str) -> Handoff:
    """The ambassador declines, with a reason that goes back to the advisor: the case
    returns to the advisor's queue, the reason is in its history, and the case's owner
    gets an e-mail (after commit, without case content) to look at it."""
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the advisor why you decline.")})
    handoff = _own_offered_handoff(handoff, by)
    case = handoff.case
    lock(case)
    handoff.responded_at = timezone.now()
    handoff.decline_reason = reason.strip()
    handoff.save(update_fields=["responded_at", "decline_reason"])
    end_handoff(
        handoff,
        reason="declined",
        actor=c.Actor.AMBASSADOR,
        status=c.HandoffStatus.DECLINED,
    )
    workflow.move(
        case,
        to_status=c.Status.TRIAGE,
        by=by,
        actor=c.Actor.AMBASSADOR,
        reason=reason.strip(),
    )
    audit(by, AuditAction.DECLINE, handoff)
    enqueue(notify_advisor_of_decline, handoff.pk)
    # The decline e-mail goes to the case's owner; a notification to whoever offered
    # it (no owner) needs its own.
    advisor = notifications.case_advisor(case, handoff.offered_by)
    notifications.notify(
        advisor,
        c.NotificationKind.HANDOFF_DECLINED,
        case,
        emailed_elsewhere=advisor is not None and advisor == case.owner,
    )
    return handoff


@transaction.atomic
def handoff_withdraw(*, case: Case, by, reason: str) -> Handoff:
    """The advisor takes a case back from the ambassador."""
    actor = permissions.require(by, Action.HANDOFF_WITHDRAW, case)
    lock(case)
    handoff = workflow.find_active_handoff(case)
    if handoff is None:
        raise ValidationError(_("This case has no active handoff."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for taking the case back.")})
    end_handoff(handoff, reason="withdrawn by advisor", actor=actor)
    workflow.move(
        case, to_status=c.Status.TRIAGE, by=by, actor=actor, reason=reason.strip()
    )
    ambassador = handoff.ambassador.user
    followups.end_follow_ups_of(case, owner=ambassador)
    notifications.notify(ambassador, c.NotificationKind.TAKEN_BACK, case)
    return handoff
