"""Who may do what to a case: one table, read by the services and by the pages.

A user acts on a case in one of two capacities (``Actor``): as a confidential advisor
of the case's organisation, or as the ambassador the case was handed to (the grant
and an active handoff both exist: ``Case.objects.visible_to_ambassador``). Each
``Action`` names the capacities that may take it and whether an ambassador must have
accepted the handoff first.

- ``require(user, action, case)`` in the services: raises ``PermissionDenied`` when
  the user may not take the action, ``ValidationError`` when they may but not yet
  (an ambassador who has not accepted the case). Returns the actor.
- ``can(user, action, case)`` in views and templates: the same rule as a boolean.
- What is not about one case (recording a melding, the queue, the network of
  partners) is decided by role, in the one table of ``core.permissions``.

Whether the case's *state* allows an action (open, handed off, the status
transition) is the workflow's business: ``cases.workflow.allowed_actions`` combines
both for the buttons a page shows.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cases.constants import CASE_ACCESS_CODENAME, Actor, HandoffStatus
from cases.models import Case, Handoff
from core.constants import Role
from core.permissions import Feature, can_use
from core.roles import has_role, organisation_id_of

# The guardian object permission that gives an ambassador access to one case.
CASE_ACCESS_PERMISSION = f"cases.{CASE_ACCESS_CODENAME}"


class Action(StrEnum):
    """What a user does to a case. The values are the names templates test with
    ``{% if "note_add" in actions %}``."""

    VIEW = "view"
    READ_CASE = "read_case"
    READ_ADVISOR_RECORD = "read_advisor_record"
    READ_AUDIT_LOG = "read_audit_log"
    READ_CONTACT_DETAILS = "read_contact_details"
    ASSIGN = "assign"
    COMPLETE_INTAKE = "complete_intake"
    CONSENT_RECORD = "consent_record"
    CONSENT_REVOKE = "consent_revoke"
    HANDOFF = "handoff"
    HANDOFF_WITHDRAW = "handoff_withdraw"
    HANDOFF_ANSWER = "handoff_answer"
    SET_PHASE = "set_phase"
    CLOSE = "close"
    REOPEN = "reopen"
    NOTE_ADD = "note_add"
    REFERRAL_ADD = "referral_add"
    REFERRAL_UPDATE = "referral_update"
    POLICE_REPORT = "police_report"
    DAMAGE_ADD = "damage_add"
    ADVISOR_ACTION_ADD = "advisor_action_add"
    FORMAL_REPORT = "formal_report"
    SIGNAL_RECORD = "signal_record"
    BREAK_CONFIDENTIALITY = "break_confidentiality"
    FILE_ADD = "file_add"


@dataclass(frozen=True)
class Rule:
    actors: frozenset[str]
    # An ambassador may take the action only once they accepted the handoff.
    after_acceptance: bool = True


BOTH = frozenset({Actor.ADVISOR, Actor.AMBASSADOR})
ADVISOR = frozenset({Actor.ADVISOR})
AMBASSADOR = frozenset({Actor.AMBASSADOR})

RULES: dict[Action, Rule] = {
    # Opening the case page. Before accepting, an offered ambassador sees what they
    # need to decide (region, category, urgency, office) and nothing else.
    Action.VIEW: Rule(BOTH, after_acceptance=False),
    # The case itself: the person's name and municipality, the account, notes,
    # consents, referrals, police and damage records, history. For the ambassador
    # only once they took the case: declining leaves them knowing no more than the
    # summary.
    Action.READ_CASE: Rule(BOTH),
    # What the advisor did and the case's audit log are the advisor's record.
    Action.READ_ADVISOR_RECORD: Rule(ADVISOR),
    Action.READ_AUDIT_LOG: Rule(ADVISOR),
    # The person's e-mail address and phone number: once the ambassador took the case.
    Action.READ_CONTACT_DETAILS: Rule(BOTH),
    Action.ASSIGN: Rule(ADVISOR),
    Action.COMPLETE_INTAKE: Rule(ADVISOR),
    Action.CONSENT_RECORD: Rule(BOTH),
    # Revoking is the person's right; whoever they tell records it. An ambassador
    # who has not accepted has had no contact with the person and sees no consents;
    # one who did records the revocation with a reason, and the advisor is told
    # (``services.consent.consent_revoke``).
    Action.CONSENT_REVOKE: Rule(BOTH),
    Action.HANDOFF: Rule(ADVISOR),
    Action.HANDOFF_WITHDRAW: Rule(ADVISOR),
    # Accepting or declining is what an ambassador does before acceptance.
    Action.HANDOFF_ANSWER: Rule(AMBASSADOR, after_acceptance=False),
    Action.SET_PHASE: Rule(AMBASSADOR),
    Action.CLOSE: Rule(BOTH),
    Action.REOPEN: Rule(ADVISOR),
    Action.NOTE_ADD: Rule(BOTH),
    Action.REFERRAL_ADD: Rule(BOTH),
    Action.REFERRAL_UPDATE: Rule(BOTH),
    Action.POLICE_REPORT: Rule(BOTH),
    Action.DAMAGE_ADD: Rule(BOTH),
    Action.ADVISOR_ACTION_ADD: Rule(ADVISOR),
    Action.FORMAL_REPORT: Rule(ADVISOR),
    Action.SIGNAL_RECORD: Rule(BOTH),
    # Asking for, and (a second advisor) deciding on, a break of confidentiality.
    Action.BREAK_CONFIDENTIALITY: Rule(ADVISOR),
    # Evidence files: added by the advisor or the accepted ambassador; reading them
    # (the list, a thumbnail, a download) is ``READ_CASE``.
    Action.FILE_ADD: Rule(BOTH),
}

# The consents an ambassador may record (the person tells them); all others, and
# handoff consent above all, are recorded by a confidential advisor.
AMBASSADOR_CONSENT_PURPOSES = frozenset({"doorverwijzing", "statistiek"})

# --- the capacity a user acts in ----------------------------------------------------


def case_actor(user, case: Case) -> str | None:
    """The capacity ``user`` acts in on ``case``: advisor, ambassador, or None.
    Asked afresh each time: a revoked consent or an ended handoff counts at once."""
    if (
        has_role(user, Role.ADVISOR)
        and organisation_id_of(user) == case.organisation_id
    ):
        return Actor.ADVISOR
    # The visibility rule itself (grant row and active handoff), not ``has_perm``,
    # which is always true for a superuser.
    if Case.objects.visible_to_ambassador(user).filter(pk=case.pk).exists():
        return Actor.AMBASSADOR
    return None


def has_accepted(user, case: Case) -> bool:
    """Whether ``user`` is the ambassador of the case's accepted handoff."""
    return Handoff.objects.filter(
        case=case, ambassador__user=user, status=HandoffStatus.ACCEPTED
    ).exists()


@dataclass(frozen=True)
class Standing:
    """What a user is to one case, asked once: for a page that checks many actions."""

    actor: str | None
    accepted: bool

    @classmethod
    def of(cls, user, case: Case) -> "Standing":
        actor = case_actor(user, case)
        accepted = actor == Actor.AMBASSADOR and has_accepted(user, case)
        return cls(actor=actor, accepted=accepted)

    def permits(self, action: Action) -> bool:
        rule = RULES[action]
        if self.actor not in rule.actors:
            return False
        return not (
            self.actor == Actor.AMBASSADOR
            and rule.after_acceptance
            and not self.accepted
        )


# --- the rule -------------------------------------------------------------------------


def require(user, action: Action, case: Case) -> str:
    """Refuse ``action`` unless ``user`` may take it on ``case``; return the actor."""
    rule = RULES[action]
    actor = case_actor(user, case)
    if actor not in rule.actors:
        raise PermissionDenied(_("You may not do this for this case."))
    # Ask whether the handoff was accepted only where the rule needs it.
    needs_acceptance = actor == Actor.AMBASSADOR and rule.after_acceptance
    standing = Standing(
        actor=actor, accepted=needs_acceptance and has_accepted(user, case)
    )
    if not standing.permits(action):
        raise ValidationError(_("Accept the case before you work on it."))
    return actor


def can(user, action: Action, case: Case) -> bool:
    """``require`` as a boolean: may ``user`` take ``action`` on ``case`` now?"""
    try:
        require(user, action, case)
    except (PermissionDenied, ValidationError):
        return False
    return True


def require_consent_purpose(actor: str, purpose: str) -> None:
    if actor == Actor.AMBASSADOR and purpose not in AMBASSADOR_CONSENT_PURPOSES:
        if purpose == "overdracht":
            raise PermissionDenied(
                _("Only a confidential advisor records handoff consent.")
            )
        raise PermissionDenied(
            _("Only a confidential advisor records this kind of consent.")
        )


def require_organisation_member(user, feature: Feature, message: str) -> int:
    """A feature's role plus a membership: returns the user's organisation id."""
    organisation_id = organisation_id_of(user)
    if not can_use(user, feature) or organisation_id is None:
        raise PermissionDenied(message)
    return organisation_id


def is_advisor_colleague(user, organisation_id: int) -> bool:
    """An active confidential advisor of ``organisation_id`` (a case's owner)."""
    return (
        user.is_active
        and has_role(user, Role.ADVISOR)
        and organisation_id_of(user) == organisation_id
    )


def require_handoff_answer(user, handoff: Handoff) -> None:
    """Only the ambassador a handoff was offered to answers it."""
    if handoff.ambassador.user_id != user.pk or not has_role(user, Role.AMBASSADOR):
        raise PermissionDenied(_("You may not do this for this case."))


def is_active_ambassador(ambassador) -> bool:
    """An ambassador a case can be handed to (the organisation is checked apart)."""
    return (
        ambassador.is_active
        and ambassador.user.is_active
        and has_role(ambassador.user, Role.AMBASSADOR)
    )


def advisors_of(organisation_id: int):
    """The active confidential advisors of an organisation (who hears of a new call
    to the 24/7 line, who may own a follow-up)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.ADVISOR,
            membership__organisation_id=organisation_id,
        )
        .distinct()
    )
