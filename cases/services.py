"""Every write that matters in the case flow.

Each service is keyword-only and atomic, checks who may do it (on the server, whatever
the request looked like), raises ``ValidationError`` with a translatable message when a
precondition fails (and then changes nothing), writes the audit record, and enqueues
follow-up work with ``transaction.on_commit``.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from cases import constants as c
from cases.models import (
    Case,
    CaseHistory,
    Consent,
    Handoff,
    Note,
    OfficeHolder,
    Referral,
)
from core.audit import audit
from core.constants import AuditAction, OrganisationKind, Role
from core.models import Membership
from core.roles import has_role, organisation_id_of

logger = logging.getLogger(__name__)

SUPPORT_PERMISSION = "cases.support_case"


# --- who is acting -------------------------------------------------------------------


def case_actor(*, user, case: Case) -> str | None:
    """The role ``user`` acts in on ``case``: advisor, ambassador, or None."""
    if (
        has_role(user, Role.ADVISOR)
        and organisation_id_of(user) == case.organisation_id
    ):
        return c.Actor.ADVISOR
    # The visibility rule itself (grant row and active handoff), not ``has_perm``,
    # which is always true for a superuser.
    if Case.objects.visible_to_ambassador(user).filter(pk=case.pk).exists():
        return c.Actor.AMBASSADOR
    return None


def _require_actor(*, user, case: Case, allowed: set[str]) -> str:
    actor = case_actor(user=user, case=case)
    if actor not in allowed:
        raise PermissionDenied(_("You may not do this for this case."))
    return actor


def _active_handoff(case: Case) -> Handoff | None:
    return (
        Handoff.objects.select_related("ambassador__user")
        .filter(case=case, status__in=c.ACTIVE_HANDOFF_STATUSES)
        .first()
    )


def _require_accepted_ambassador(*, user, case: Case) -> None:
    handoff = _active_handoff(case)
    if handoff is None or handoff.ambassador.user_id != user.pk:
        raise PermissionDenied(_("You may not do this for this case."))
    if handoff.status != c.HandoffStatus.ACCEPTED:
        raise ValidationError(_("Accept the case before you work on it."))


def _lock(case: Case) -> Case:
    """Re-read the case under a row lock so concurrent requests serialise."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    case.status, case.phase = locked.status, locked.phase
    return locked


def _enqueue(task, *args) -> None:
    """Send a task to the broker after commit. A broker outage never fails the request:
    the outbox columns and the beat sweeper deliver the work once Redis is back."""

    def send():
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 - any broker failure is handled the same way
            logger.warning("Could not enqueue %s; the sweeper will retry.", task.name)

    transaction.on_commit(send)


# --- status machine ------------------------------------------------------------------


def _transition(
    *, case: Case, to_status: str, by, actor: str, reason: str = ""
) -> None:
    allowed = c.TRANSITIONS.get((case.status, to_status))
    if allowed is None or actor not in allowed:
        raise ValidationError(
            _("A case with status “%(from)s” cannot move to “%(to)s”.")
            % {
                "from": c.Status(case.status).label,
                "to": c.Status(to_status).label,
            }
        )
    from_status, from_phase = case.status, case.phase
    case.status = to_status
    update_fields = ["status", "updated_at"]
    if to_status == c.Status.CLOSED:
        case.closed_at = timezone.now()
        update_fields.append("closed_at")
    elif from_status == c.Status.CLOSED:
        case.closed_at = None
        update_fields.append("closed_at")
    if to_status != c.Status.WITH_AMBASSADOR and to_status != c.Status.CLOSED:
        case.phase = ""
        update_fields.append("phase")
    case.save(update_fields=update_fields)
    CaseHistory.objects.create(
        case=case,
        from_status=from_status,
        to_status=to_status,
        from_phase=from_phase,
        to_phase=case.phase,
        by=by,
        reason=reason,
    )
    audit(by, AuditAction.TRANSITION, case, f"{from_status} -> {to_status}")


# --- intake --------------------------------------------------------------------------


@transaction.atomic
def office_holder_create(
    *, by, name: str, office: str, gemeente, email: str = "", phone: str = ""
) -> OfficeHolder:
    organisation_id = organisation_id_of(by)
    if not has_role(by, Role.ADVISOR) or organisation_id is None:
        raise PermissionDenied(
            _("Only confidential advisors can register office holders.")
        )
    office_holder = OfficeHolder(
        organisation_id=organisation_id,
        name=name.strip(),
        office=office,
        gemeente=gemeente,
        email=email,
        phone=phone,
    )
    office_holder.full_clean()
    office_holder.save()
    audit(by, AuditAction.CREATE, office_holder)
    return office_holder


@transaction.atomic
def case_create(
    *,
    by,
    office_holder: OfficeHolder,
    channel: str,
    category: str,
    occurred_on,
    urgency: int,
    account: str,
    reported_at=None,
    owner=None,
    immediate_danger: bool = False,
    location: str = "",
    immediate_needs: str = "",
    intake_complete: bool = True,
    scope: str = "",
    told_instead: str = "",
) -> Case:
    """Record a melding. The case belongs to the advisor's organisation; the office
    holder must belong to it too. Writes the first history row and an audit event.

    A party's advisor states the scope (source 002); an out-of-scope melding is
    categorised as such, with what the person was told instead. A night call on the
    24/7 line may be saved incomplete (no category yet, ``intake_complete=False``)."""
    organisation_id = organisation_id_of(by)
    if not has_role(by, Role.ADVISOR) or organisation_id is None:
        raise PermissionDenied(_("Only confidential advisors can record a melding."))
    if office_holder.organisation_id != organisation_id:
        raise ValidationError({"office_holder": _("Choose a known office holder.")})
    if owner is not None:
        _require_colleague(owner, organisation_id)
    scope, category = _check_scope(
        organisation_id=organisation_id,
        scope=scope,
        category=category,
        required=intake_complete,
    )
    case = Case(
        organisation_id=organisation_id,
        office_holder=office_holder,
        channel=channel,
        category=category,
        occurred_on=occurred_on,
        urgency=urgency,
        account=account,
        reported_at=reported_at or timezone.now(),
        owner=owner,
        created_by=by,
        immediate_danger=immediate_danger,
        location=location.strip(),
        immediate_needs=immediate_needs.strip(),
        intake_complete=intake_complete,
        scope=scope,
        told_instead=told_instead.strip() if scope else "",
    )
    case.full_clean()
    if case.reported_at > timezone.now():
        raise ValidationError({"reported_at": _("This moment lies in the future.")})
    case.save()
    CaseHistory.objects.create(case=case, to_status=case.status, by=by)
    audit(
        by,
        AuditAction.CREATE,
        case,
        "immediate danger" if immediate_danger else "",
    )
    return case


def _check_scope(
    *, organisation_id: int, scope: str, category: str, required: bool
) -> tuple[str, str]:
    """The scope question belongs to a party's intake. Returns (scope, category):
    an out-of-scope melding gets the out-of-scope category."""
    from core.models import Organisation

    is_party = Organisation.objects.filter(
        pk=organisation_id, kind=OrganisationKind.PARTY
    ).exists()
    if not is_party:
        return "", category
    if not scope:
        if required:
            raise ValidationError(
                {"scope": _("Say whether the melding is in scope for the advisor.")}
            )
        return "", category
    if scope not in c.Scope.values:
        raise ValidationError({"scope": _("Choose a scope from the list.")})
    if scope not in c.IN_SCOPE:
        category = c.Category.OUT_OF_SCOPE
    return scope, category


def danger_action_record(*, case: Case, by) -> bool:
    """Someone recorded an action on a case in immediate danger: the flag that heads
    every queue comes off. Called inside the service that records the action (a note
    or contact, a referral, a police report, an advisor action, a handoff, closing).
    Returns whether the flag was open."""
    updated = Case.objects.filter(
        pk=case.pk, immediate_danger=True, danger_acted_at__isnull=True
    ).update(danger_acted_at=timezone.now(), danger_acted_by=by)
    if updated:
        case.refresh_from_db(fields=["danger_acted_at", "danger_acted_by"])
        audit(by, AuditAction.UPDATE, case, "immediate danger acted on")
    return bool(updated)


def _require_colleague(user, organisation_id: int) -> None:
    is_colleague = (
        user.is_active
        and has_role(user, Role.ADVISOR)
        and Membership.objects.filter(
            user=user, organisation_id=organisation_id
        ).exists()
    )
    if not is_colleague:
        raise ValidationError(
            {"owner": _("Choose a confidential advisor of your own organisation.")}
        )


@transaction.atomic
def case_assign(*, case: Case, owner, by) -> Case:
    """Give a case an owner (an advisor of the same organisation), or none."""
    _require_actor(user=by, case=case, allowed={c.Actor.ADVISOR})
    _lock(case)
    if owner is not None:
        _require_colleague(owner, case.organisation_id)
    case.owner = owner
    case.save(update_fields=["owner", "updated_at"])
    audit(by, AuditAction.UPDATE, case, "owner")
    if case.status == c.Status.NEW and owner is not None:
        _transition(case=case, to_status=c.Status.TRIAGE, by=by, actor=c.Actor.ADVISOR)
    return case


@transaction.atomic
def case_close(*, case: Case, by, outcome: str) -> Case:
    """Close a case with a short outcome. Closing ends the ambassador's access."""
    actor = _require_actor(
        user=by, case=case, allowed={c.Actor.ADVISOR, c.Actor.AMBASSADOR}
    )
    _lock(case)
    if actor == c.Actor.AMBASSADOR:
        _require_accepted_ambassador(user=by, case=case)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Describe the outcome in a few words.")})
    case.outcome = outcome.strip()
    case.save(update_fields=["outcome", "updated_at"])
    danger_action_record(case=case, by=by)
    _transition(case=case, to_status=c.Status.CLOSED, by=by, actor=actor, reason="")
    handoff = _active_handoff(case)
    if handoff is not None:
        _end_handoff(handoff, reason="case closed")
    return case


@transaction.atomic
def case_reopen(*, case: Case, by, reason: str) -> Case:
    _require_actor(user=by, case=case, allowed={c.Actor.ADVISOR})
    _lock(case)
    if case.status != c.Status.CLOSED:
        raise ValidationError(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for reopening the case.")})
    _transition(
        case=case,
        to_status=c.Status.TRIAGE,
        by=by,
        actor=c.Actor.ADVISOR,
        reason=reason.strip(),
    )
    return case


@transaction.atomic
def case_set_phase(*, case: Case, phase: str, by) -> Case:
    """The ambassador moves the support to another phase; a history row records it."""
    _require_actor(user=by, case=case, allowed={c.Actor.AMBASSADOR})
    _lock(case)
    _require_accepted_ambassador(user=by, case=case)
    if phase not in c.Phase.values:
        raise ValidationError({"phase": _("Choose a phase from the list.")})
    if case.status != c.Status.WITH_AMBASSADOR:
        raise ValidationError(
            _("Only a case with an ambassador has a phase of support.")
        )
    if phase == case.phase:
        return case
    from_phase = case.phase
    case.phase = phase
    case.save(update_fields=["phase", "updated_at"])
    CaseHistory.objects.create(
        case=case,
        from_status=case.status,
        to_status=case.status,
        from_phase=from_phase,
        to_phase=phase,
        by=by,
    )
    audit(by, AuditAction.UPDATE, case, f"phase {from_phase or '-'} -> {phase}")
    return case


# --- consent -------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    case: Case,
    by,
    purpose: str,
    given_by: str,
    method: str,
    given_at,
    referral_kind: str = "",
) -> Consent:
    """Record a consent. Advisors record any purpose; the ambassador of the case records
    consent for referrals and statistics (the person tells them), never a handoff."""
    actor = _require_actor(
        user=by, case=case, allowed={c.Actor.ADVISOR, c.Actor.AMBASSADOR}
    )
    if actor == c.Actor.AMBASSADOR:
        _require_accepted_ambassador(user=by, case=case)
        if purpose == c.ConsentPurpose.HANDOFF:
            raise PermissionDenied(
                _("Only a confidential advisor records handoff consent.")
            )
        if purpose not in (c.ConsentPurpose.REFERRAL, c.ConsentPurpose.STATISTICS):
            raise PermissionDenied(
                _("Only a confidential advisor records this kind of consent.")
            )
    if purpose != c.ConsentPurpose.REFERRAL:
        referral_kind = ""
    elif not referral_kind:
        raise ValidationError({"referral_kind": _("Choose the kind of partner.")})
    if given_at and given_at > timezone.now():
        raise ValidationError({"given_at": _("This moment lies in the future.")})
    consent = Consent(
        case=case,
        purpose=purpose,
        referral_kind=referral_kind,
        given_by=given_by.strip(),
        method=method,
        given_at=given_at,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    audit(by, AuditAction.CREATE, consent, purpose)
    return consent


@transaction.atomic
def consent_revoke(*, consent: Consent, by, reason: str = "") -> Consent:
    """Revoke a consent. It takes effect in this transaction: revoking handoff consent
    ends the handoff and removes the ambassador's access; revoking referral consent
    stops the referrals that rest on it."""
    case = consent.case
    _require_actor(user=by, case=case, allowed={c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    _lock(case)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        raise ValidationError(_("This consent has already been revoked."))
    consent.revoked_at = timezone.now()
    consent.revoked_by = by
    consent.revoke_reason = reason.strip()
    consent.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit(by, AuditAction.REVOKE, consent, consent.purpose)

    if consent.purpose == c.ConsentPurpose.HANDOFF:
        handoff = _active_handoff(case)
        rests_on_it = handoff is not None and handoff.consent_id == consent.pk
        no_other = not _valid_consents(case, c.ConsentPurpose.HANDOFF).exists()
        if handoff is not None and (rests_on_it or no_other):
            _end_handoff(handoff, reason="consent revoked")
            if case.status in (c.Status.HANDOFF_OFFERED, c.Status.WITH_AMBASSADOR):
                _transition(
                    case=case,
                    to_status=c.Status.TRIAGE,
                    by=by,
                    actor=c.Actor.SYSTEM,
                    reason=_("Consent for the handoff was revoked."),
                )
    elif consent.purpose == c.ConsentPurpose.REFERRAL:
        for referral in Referral.objects.filter(
            consent=consent,
            status__in=[c.ReferralStatus.PROPOSED, c.ReferralStatus.ACCEPTED],
        ):
            referral.status = c.ReferralStatus.DECLINED
            referral.save(update_fields=["status", "updated_at"])
            audit(by, AuditAction.TRANSITION, referral, "consent revoked -> declined")
    return consent


def _valid_consents(case: Case, purpose: str, referral_kind: str = ""):
    qs = Consent.objects.filter(case=case, purpose=purpose, revoked_at__isnull=True)
    if referral_kind:
        qs = qs.filter(referral_kind=referral_kind)
    return qs.order_by("-given_at", "-pk")


# --- handoff -------------------------------------------------------------------------


@transaction.atomic
def case_handoff(
    *, case: Case, ambassador, by, outside_region: bool = False
) -> Handoff:
    """Hand a case to a regional ambassador.

    Refused unless: ``by`` is an advisor of the case's organisation; a valid handoff
    consent exists; the case is new or with the advisor and has no active handoff;
    the ambassador is active, of the same organisation and covers the office holder's
    region (or the advisor explicitly chose one from another region). Grants the
    ambassador a per-object permission on this case only and e-mails them, after
    commit, a notification without case content.
    """
    _require_actor(user=by, case=case, allowed={c.Actor.ADVISOR})
    _lock(case)
    consent = _valid_consents(case, c.ConsentPurpose.HANDOFF).first()
    if consent is None:
        raise ValidationError(
            _("Record the person's consent for a handoff before handing over.")
        )
    if _active_handoff(case) is not None:
        raise ValidationError(_("This case has already been handed to an ambassador."))
    if case.status not in (c.Status.NEW, c.Status.TRIAGE):
        raise ValidationError(_("Only a case with the advisor can be handed over."))
    if (
        not ambassador.is_active
        or not ambassador.user.is_active
        or ambassador.organisation_id != case.organisation_id
        or not has_role(ambassador.user, Role.AMBASSADOR)
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
    assign_perm(SUPPORT_PERMISSION, ambassador.user, case)
    danger_action_record(case=case, by=by)
    _transition(
        case=case, to_status=c.Status.HANDOFF_OFFERED, by=by, actor=c.Actor.ADVISOR
    )
    audit(
        by,
        AuditAction.HANDOFF,
        handoff,
        "outside region" if not covers_region else "",
    )
    from cases.tasks import notify_ambassador_of_handoff

    _enqueue(notify_ambassador_of_handoff, handoff.pk)
    return handoff


def _end_handoff(handoff: Handoff, *, reason: str, status: str = c.HandoffStatus.ENDED):
    handoff.status = status
    handoff.ended_at = timezone.now()
    handoff.end_reason = reason
    handoff.save(update_fields=["status", "ended_at", "end_reason"])
    remove_perm(SUPPORT_PERMISSION, handoff.ambassador.user, handoff.case)


def _require_own_offered_handoff(handoff: Handoff, by) -> Handoff:
    handoff = (
        Handoff.objects.select_for_update()
        .select_related("ambassador__user", "case")
        .get(pk=handoff.pk)
    )
    if handoff.ambassador.user_id != by.pk or not has_role(by, Role.AMBASSADOR):
        raise PermissionDenied(_("You may not do this for this case."))
    if handoff.status != c.HandoffStatus.OFFERED:
        raise ValidationError(_("This handoff has already been answered."))
    return handoff


@transaction.atomic
def handoff_accept(*, handoff: Handoff, by) -> Handoff:
    handoff = _require_own_offered_handoff(handoff, by)
    case = handoff.case
    _lock(case)
    handoff.status = c.HandoffStatus.ACCEPTED
    handoff.responded_at = timezone.now()
    handoff.save(update_fields=["status", "responded_at"])
    _transition(
        case=case, to_status=c.Status.WITH_AMBASSADOR, by=by, actor=c.Actor.AMBASSADOR
    )
    audit(by, AuditAction.ACCEPT, handoff)
    case.phase = c.Phase.LISTENING
    case.save(update_fields=["phase", "updated_at"])
    CaseHistory.objects.create(
        case=case,
        from_status=case.status,
        to_status=case.status,
        to_phase=c.Phase.LISTENING,
        by=by,
    )
    return handoff


@transaction.atomic
def handoff_decline(*, handoff: Handoff, by, reason: str) -> Handoff:
    """The ambassador declines, with a reason that goes back to the advisor: the case
    returns to the advisor's queue, the reason is in its history, and the case's owner
    gets an e-mail (after commit, without case content) to look at it."""
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the advisor why you decline.")})
    handoff = _require_own_offered_handoff(handoff, by)
    case = handoff.case
    _lock(case)
    handoff.responded_at = timezone.now()
    handoff.decline_reason = reason.strip()
    handoff.save(update_fields=["responded_at", "decline_reason"])
    _end_handoff(handoff, reason="declined", status=c.HandoffStatus.DECLINED)
    _transition(
        case=case,
        to_status=c.Status.TRIAGE,
        by=by,
        actor=c.Actor.AMBASSADOR,
        reason=reason.strip(),
    )
    audit(by, AuditAction.DECLINE, handoff)
    from cases.tasks import notify_advisor_of_decline

    _enqueue(notify_advisor_of_decline, handoff.pk)
    return handoff


@transaction.atomic
def handoff_withdraw(*, case: Case, by, reason: str) -> Handoff:
    """The advisor takes a case back from the ambassador."""
    _require_actor(user=by, case=case, allowed={c.Actor.ADVISOR})
    _lock(case)
    handoff = _active_handoff(case)
    if handoff is None:
        raise ValidationError(_("This case has no active handoff."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for taking the case back.")})
    _end_handoff(handoff, reason="withdrawn by advisor")
    _transition(
        case=case,
        to_status=c.Status.TRIAGE,
        by=by,
        actor=c.Actor.ADVISOR,
        reason=reason.strip(),
    )
    return handoff


# --- notes and referrals -------------------------------------------------------------


@transaction.atomic
def note_add(
    *,
    case: Case,
    by,
    text: str,
    kind: str = c.NoteKind.NOTE,
    contact_mode: str = "",
    contact_at=None,
) -> Note:
    actor = _require_actor(
        user=by, case=case, allowed={c.Actor.ADVISOR, c.Actor.AMBASSADOR}
    )
    if actor == c.Actor.AMBASSADOR:
        _require_accepted_ambassador(user=by, case=case)
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    if kind == c.NoteKind.CONTACT:
        if not contact_mode:
            raise ValidationError({"contact_mode": _("How was the contact?")})
        contact_at = contact_at or timezone.now()
        if contact_at > timezone.now():
            raise ValidationError({"contact_at": _("This moment lies in the future.")})
    else:
        contact_mode, contact_at = "", None
    note = Note(
        case=case,
        kind=kind,
        contact_mode=contact_mode,
        contact_at=contact_at,
        text=text.strip(),
        author=by,
    )
    note.full_clean()
    note.save()
    audit(by, AuditAction.CREATE, note, kind)
    danger_action_record(case=case, by=by)
    return note


@transaction.atomic
def referral_create(
    *,
    case: Case,
    by,
    kind: str = "",
    partner: str = "",
    details: str = "",
    network_partner=None,
) -> Referral:
    """Propose a referral, to a partner of the expert network (whose kind is then the
    referral's kind) or to a partner named in words. Refused without a valid referral
    consent for that kind, and for a partner of another organisation, an inactive one
    or one who is not available."""
    actor = _require_actor(
        user=by, case=case, allowed={c.Actor.ADVISOR, c.Actor.AMBASSADOR}
    )
    if actor == c.Actor.AMBASSADOR:
        _require_accepted_ambassador(user=by, case=case)
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    if network_partner is not None:
        if (
            network_partner.organisation_id != case.organisation_id
            or not network_partner.is_active
        ):
            raise ValidationError(
                {"network_partner": _("Choose a partner from the network.")}
            )
        if network_partner.availability == c.PartnerAvailability.UNAVAILABLE:
            raise ValidationError(
                {
                    "network_partner": _(
                        "This partner is not available at the moment; choose another."
                    )
                }
            )
        kind, partner = network_partner.kind, network_partner.name
    if kind not in c.ReferralKind.values:
        raise ValidationError({"kind": _("Choose a kind of referral from the list.")})
    consent = _valid_consents(case, c.ConsentPurpose.REFERRAL, kind).first()
    if consent is None:
        raise ValidationError(
            _("There is no valid consent for a referral to %(kind)s.")
            % {"kind": c.ReferralKind(kind).label.lower()}
        )
    referral = Referral(
        case=case,
        kind=kind,
        consent=consent,
        partner=partner.strip(),
        network_partner=network_partner,
        details=details.strip(),
        created_by=by,
    )
    referral.full_clean()
    referral.save()
    audit(by, AuditAction.CREATE, referral, kind)
    danger_action_record(case=case, by=by)
    return referral


@transaction.atomic
def referral_set_status(*, referral: Referral, by, status: str) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .select_related("consent")
        .get(pk=referral.pk)
    )
    actor = _require_actor(
        user=by, case=referral.case, allowed={c.Actor.ADVISOR, c.Actor.AMBASSADOR}
    )
    if actor == c.Actor.AMBASSADOR:
        _require_accepted_ambassador(user=by, case=referral.case)
    if status not in c.REFERRAL_TRANSITIONS.get(referral.status, frozenset()):
        raise ValidationError(_("This referral cannot move to that status."))
    if status != c.ReferralStatus.DECLINED and not referral.consent.is_valid:
        raise ValidationError(_("The consent for this referral has been revoked."))
    previous = referral.status
    referral.status = status
    referral.save(update_fields=["status", "updated_at"])
    audit(by, AuditAction.TRANSITION, referral, f"{previous} -> {status}")
    return referral


@transaction.atomic
def referral_set_outcome(*, referral: Referral, by, outcome: str) -> Referral:
    """Record how a referral turned out (what the partner did, whether it helped)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    actor = _require_actor(
        user=by, case=referral.case, allowed={c.Actor.ADVISOR, c.Actor.AMBASSADOR}
    )
    if actor == c.Actor.AMBASSADOR:
        _require_accepted_ambassador(user=by, case=referral.case)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Describe the outcome in a few words.")})
    referral.outcome = outcome.strip()
    referral.save(update_fields=["outcome", "updated_at"])
    audit(by, AuditAction.UPDATE, referral, "outcome")
    return referral
