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
from core.roles import organisation_of, roles_of


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
    # The association's own services: its 24/7 line (the night line) and handing a
    # case to its regional ambassadors. A party's advisor has neither.
    HOTLINE = "hotline"
    HANDOFF = "handoff"
    # Privacy.
    ACCESS_LOG = "access_log"
    SUBJECT_ACCESS = "subject_access"
    # Accounts: roles, organisations and second factors change with four eyes.
    ACCESS_REQUEST = "access_request"
    ACCESS_APPROVE = "access_approve"
    # The accounts pages (/beheren/): create, deactivate, request roles; and the
    # failed logins, which the privacy officer reads too (only an admin lifts a lock).
    ACCOUNT_MANAGE = "account_manage"
    LOGIN_FAILURES = "login_failures"
    # The directory: organisations, regions and their gemeenten.
    DIRECTORY_MANAGE = "directory_manage"


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
    Feature.HOTLINE: frozenset({Role.ADVISOR}),
    Feature.HANDOFF: frozenset({Role.ADVISOR}),
    Feature.ACCESS_LOG: frozenset({Role.PRIVACY_OFFICER}),
    Feature.SUBJECT_ACCESS: frozenset({Role.ADVISOR}),
    # A functional admin asks; a second functional admin or the privacy officer
    # approves (never the one who asked, never the account concerned).
    Feature.ACCESS_REQUEST: frozenset({Role.ADMIN}),
    Feature.ACCESS_APPROVE: frozenset({Role.ADMIN, Role.PRIVACY_OFFICER}),
    Feature.ACCOUNT_MANAGE: frozenset({Role.ADMIN}),
    Feature.LOGIN_FAILURES: frozenset({Role.ADMIN, Role.PRIVACY_OFFICER}),
    Feature.DIRECTORY_MANAGE: frozenset({Role.ADMIN}),
}

# Where each role starts after logging in, first match wins (the home page): a
# page of its own work. Association staff and functional admins start on a summary
# that the home page itself shows (``HOME_SUMMARIES``); every role has one or the
# other, so nobody with a role sees the page for accounts without one.
START_PAGES: tuple[tuple[Feature, str], ...] = (
    (Feature.CASE_QUEUE, "cases:queue"),
    (Feature.AMBASSADOR_CASES, "cases:ambassador_list"),
    (Feature.ACCESS_LOG, "security:access_log"),
    (Feature.SELECTION, "ambassadors:application_list"),
)
HOME_SUMMARIES: tuple[tuple[Feature, str], ...] = (
    (Feature.SIGNALS_STAFF, "staff"),
    (Feature.ACCESS_REQUEST, "admin"),
)


# Features only the members of an association have (``OrganisationKind``): the menu
# leaves them out for a party's people and the pages and services refuse them.
ASSOCIATION_FEATURES = frozenset({Feature.HOTLINE, Feature.HANDOFF})


def can_use(user, feature: Feature) -> bool:
    if not roles_of(user) & FEATURES[feature]:
        return False
    if feature in ASSOCIATION_FEATURES:
        organisation = organisation_of(user)
        return organisation is not None and not organisation.is_party
    return True


def require_feature(user, feature: Feature, message: str = "") -> None:
    if not can_use(user, feature):
        raise PermissionDenied(message or _("You may not do this."))


def start_page(user) -> str | None:
    """The URL name a user starts on, or None for the general home page."""
    for feature, url_name in START_PAGES:
        if can_use(user, feature):
            return url_name
    return None


def home_summary(user) -> str | None:
    """The summary the home page shows a role without a start page of its own
    (``"staff"`` or ``"admin"``), or None."""
    for feature, name in HOME_SUMMARIES:
        if can_use(user, feature):
            return name
    return None


def menu(user) -> dict:
    """What the menu offers, by the same table (the template variables' names), and
    the name of a party in the header for its people."""
    # Only an advisor's pages name a party (its advisors are the party's people);
    # their organisation is read anyway, in the same query as its id.
    is_advisor = can_use(user, Feature.CASE_QUEUE)
    organisation = organisation_of(user) if is_advisor else None
    return {
        "party_name": organisation.name
        if organisation is not None and organisation.is_party
        else "",
        "may_use_hotline": can_use(user, Feature.HOTLINE),
        "is_advisor": is_advisor,
        "is_ambassador": can_use(user, Feature.AMBASSADOR_CASES),
        "is_association_staff": can_use(user, Feature.SIGNALS_STAFF),
        "is_functional_admin": can_use(user, Feature.PARTNER_MANAGE),
        "is_privacy_officer": can_use(user, Feature.ACCESS_LOG),
        "is_selection_committee": can_use(user, Feature.SELECTION),
    }
