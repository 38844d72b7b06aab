"""Which role may use which part of Klankbord: one table for every app.

Roles are auth groups (``core.roles``); nothing else in the code asks which role a
user has. Pages use ``feature_required`` (``core.web``) or ``can_use``; services use
``require_feature``. What a user may do to one case, as its advisor or as the
ambassador it was handed to, is the case table's business (``cases.permissions``),
which builds on this one for the features that are not about one case.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.constants import Role
from core.roles import roles_of


class Feature(StrEnum):
    # Case work (the case table decides per case).
    CASE_CREATE = "case_create"
    CASE_QUEUE = "case_queue"
    AMBASSADOR_CASES = "ambassador_cases"
    PARTNER_LIST = "partner_list"
    PARTNER_MANAGE = "partner_manage"
    CASE_AUDIT_LOG_ANY = "case_audit_log_any"
    # Signals.
    SIGNAL_RECORD = "signal_record"
    FEEDBACK_REVIEW = "feedback_review"
    SIGNALS_STAFF = "signals_staff"
    SIGNALS_DIGEST = "signals_digest"
    # The ambassador network, its recruitment and its meetings.
    NETWORK_MANAGE = "network_manage"
    AMBASSADOR_SELF = "ambassador_self"
    SELECTION = "selection"
    # OT on Tour.
    OUTREACH = "outreach"
    # Privacy.
    ACCESS_LOG = "access_log"
    SUBJECT_ACCESS = "subject_access"
    # Accounts: roles, organisations and second factors change with four eyes.
    ACCESS_REQUEST = "access_request"
    ACCESS_APPROVE = "access_approve"


FEATURES: dict[Feature, frozenset[str]] = {
    Feature.CASE_CREATE: frozenset({Role.ADVISOR}),
    Feature.CASE_QUEUE: frozenset({Role.ADVISOR}),
    Feature.AMBASSADOR_CASES: frozenset({Role.AMBASSADOR}),
    Feature.PARTNER_LIST: frozenset({Role.ADVISOR, Role.AMBASSADOR, Role.ADMIN}),
    Feature.PARTNER_MANAGE: frozenset({Role.ADMIN}),
    # A functional admin reads any case's audit log (actions, never content).
    Feature.CASE_AUDIT_LOG_ANY: frozenset({Role.ADMIN}),
    Feature.SIGNAL_RECORD: frozenset({Role.ADVISOR, Role.AMBASSADOR}),
    # Feedback is shown to staff only after an advisor checked it points to nobody.
    Feature.FEEDBACK_REVIEW: frozenset({Role.ADVISOR}),
    Feature.SIGNALS_STAFF: frozenset({Role.STAFF}),
    Feature.SIGNALS_DIGEST: frozenset({Role.ADMIN}),
    Feature.NETWORK_MANAGE: frozenset({Role.STAFF}),
    Feature.AMBASSADOR_SELF: frozenset({Role.AMBASSADOR}),
    Feature.SELECTION: frozenset({Role.SELECTION}),
    Feature.OUTREACH: frozenset({Role.STAFF}),
    Feature.ACCESS_LOG: frozenset({Role.PRIVACY_OFFICER}),
    Feature.SUBJECT_ACCESS: frozenset({Role.ADVISOR}),
    # A functional admin asks; a second functional admin or the privacy officer
    # approves (never the one who asked, never the account concerned).
    Feature.ACCESS_REQUEST: frozenset({Role.ADMIN}),
    Feature.ACCESS_APPROVE: frozenset({Role.ADMIN, Role.PRIVACY_OFFICER}),
}

# Where each role starts after logging in, first match wins (the home page).
START_PAGES: tuple[tuple[Feature, str], ...] = (
    (Feature.CASE_QUEUE, "cases:queue"),
    (Feature.AMBASSADOR_CASES, "cases:ambassador_list"),
    (Feature.ACCESS_LOG, "security:access_log"),
)


def can_use(user, feature: Feature) -> bool:
    return bool(roles_of(user) & FEATURES[feature])


def require_feature(user, feature: Feature, message: str = "") -> None:
    if not can_use(user, feature):
        raise PermissionDenied(message or _("You may not do this."))


def start_page(user) -> str | None:
    """The URL name a user starts on, or None for the general home page."""
    for feature, url_name in START_PAGES:
        if can_use(user, feature):
            return url_name
    return None


def menu(user) -> dict[str, bool]:
    """What the menu offers, by the same table (the template variables' names)."""
    return {
        "is_advisor": can_use(user, Feature.CASE_QUEUE),
        "is_ambassador": can_use(user, Feature.AMBASSADOR_CASES),
        "is_association_staff": can_use(user, Feature.SIGNALS_STAFF),
        "is_functional_admin": can_use(user, Feature.PARTNER_MANAGE),
        "is_privacy_officer": can_use(user, Feature.ACCESS_LOG),
        "is_selection_committee": can_use(user, Feature.SELECTION),
    }
