"""Who may reach which URL: the table the authorisation matrix test walks.

Every named URL the project defines must have an entry here (the test collects them
from the resolver, so a new URL without a policy fails). To add one:

    "signals:report_list": Policy(
        get=expect(403, anonymous=LOGIN, staff=200),   # everyone 403 but these
        post=expect(405, anonymous=LOGIN),
    ),

  or shorter, for a page only some roles reach: ``page("staff")`` (GET 200, POST
  400), ``only(RECORDERS, 404) | {"vp_case": 302}`` (others 403, anonymous to login).
- ``obj`` names what a ``<int:pk>`` in the URL refers to; the test builds one world
  (tests/security/test_authorisation_matrix.py ``world``) with one object of each kind:
  case, consent, handoff, referral, break (a confidentiality request by the case's VP),
  holder (the case's office holder); signals: signal (recorded by vp_case), report
  (compiled; report_pdf adds fmt=pdf), return_day, feedback (pending, written by
  amb_case); network: ambassador (amb_case's), hours (an entry of amb_case), absence
  (a period of amb_case), meeting (amb_case invited), vacancy (open), application
  (with a PDF CV); case_file (an image on the case); OT on Tour: gemeente and
  province (by CBS code), csv (fmt=csv);
  access_request (a role request by the functional admin, about the no-role user);
  account (the no-role user's account, as the accounts pages of /beheren/ see it);
  password_link (an invitation's link with a token that is not valid).
  the directory: organisation (vp_party's party), region (the case's office holder's),
  partner (a network partner of the association, no referral); ambassadors use the
  network's ambassador (amb_case's).
  A kind whose value is a dict gives the URL's kwargs itself (codes, formats). Add a
  kind there if your URL needs a new one.
- Roles: anonymous, no_role (signed in, no role), password_only (the case's advisor
  after the password, before the second factor: sent to the 2FA step, ``TWO_FACTOR``,
  by default), inactive (a deactivated advisor of the case's organisation with a
  session: the anonymous visitor's answer by default), vp_case (the case's advisor),
  vp_colleague (another advisor of the case's organisation, not on the case: vp_case's
  answer by default, as cases/permissions.py lets every advisor of the organisation
  act on its cases), vp_other (advisor of another organisation), vp_party (advisor of
  a party organisation: vp_other's answer by default), amb_case (the ambassador who
  accepted the case), amb_other (another ambassador of the same region), staff
  (association staff, the network's coordinators), admin (functional administrator,
  is_staff), privacy (privacy officer), committee (the selection committee).
- Statuses: LOGIN is a redirect to the login page; 302 any other redirect; a set
  allows several (e.g. ``{200, 400}``). POST is sent with an empty body, each request
  rolled back, so a 400 (form errors) is the normal answer of a permitted POST.
- An invisible object is 404 (not 403: a 403 would confirm it exists).
"""

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "no_role",
    "password_only",
    "inactive",
    "vp_case",
    "vp_colleague",
    "vp_other",
    "vp_party",
    "amb_case",
    "amb_other",
    "staff",
    "admin",
    "privacy",
    "committee",
)
LOGIN = "login"
TWO_FACTOR = "two-factor"

# Who is not given explicitly takes the answer of the one they stand for: a
# deactivated account is an anonymous visitor (Django does not load it from the
# session); a colleague advisor of the case's organisation acts as an advisor of the
# case (cases/permissions.py ``case_actor``: the organisation decides, not the
# owner); the party's advisor is an advisor of another organisation.
STANDS_FOR = {
    "inactive": "anonymous",
    "vp_colleague": "vp_case",
    "vp_party": "vp_other",
}


def expect(default, **per_role) -> dict:
    """The answer for each role: ``per_role``, else ``default``. A password-only
    session is sent to the second factor (``TWO_FACTOR``) unless said otherwise."""
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles in policy: {unknown}")
    table = {role: per_role.get(role, default) for role in ROLES}
    for role, model in STANDS_FOR.items():
        if role not in per_role:
            table[role] = per_role.get(model, default)
    if "password_only" not in per_role:
        table["password_only"] = TWO_FACTOR
    return table


@dataclass(frozen=True)
class Policy:
    get: dict
    post: dict
    obj: str | None = None
    note: str = field(default="", compare=False)


# A case page anyone who sees the case can open; others get 404. The colleague
# advisor of the case's organisation (vp_colleague) takes vp_case's answer
# (``STANDS_FOR``): an advisor sees every case of their organisation.
CASE_VIEWERS = {"vp_case": 200, "amb_case": 200}
CASE_WORKERS = ("vp_case", "vp_colleague", "amb_case")
NOT_ALLOWED = 405

# Role groups of the signals app, the network and the 24/7 pages.
ADVISORS = ("vp_case", "vp_colleague", "vp_other", "vp_party")
RECORDERS = (*ADVISORS, "amb_case", "amb_other")
AMBASSADORS = ("amb_case", "amb_other")


def only(roles, status, default=403) -> dict:
    """``status`` for these roles, ``default`` for every other signed-in role; the
    anonymous visitor is sent to log in."""
    if isinstance(roles, str):
        roles = (roles,)
    return expect(default, anonymous=LOGIN, **dict.fromkeys(roles, status))


def page(roles, post=400) -> "Policy":
    """A page (with a form when ``post`` is 400) that only these roles reach."""
    return Policy(get=only(roles, 200), post=only(roles, post))


POLICIES: dict[str, Policy] = {
    # --- public and account pages ---------------------------------------------------
    "home": Policy(
        get=expect(
            200,
            anonymous=LOGIN,
            vp_case=302,
            vp_other=302,
            amb_case=302,
            amb_other=302,
            privacy=302,
            committee=302,
        ),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "login": Policy(get=expect(200), post=expect(200)),
    # A password-only session reaches logout, the language switch, the accessibility
    # statement and the 2FA pages (config.middleware.RequireTwoFactorMiddleware).
    "logout": Policy(
        get=expect(NOT_ALLOWED, password_only=NOT_ALLOWED),
        post=expect(302, password_only=302),
    ),
    # The health probes (config.health): answered before login, 2FA and the session,
    # to every role alike. The world writes fresh worker and beat heartbeats, so
    # /gereed/ is ready (tests/core/test_health.py: 503 for each missing dependency).
    "health_live": Policy(
        get=expect(200, password_only=200),
        post=expect(NOT_ALLOWED, password_only=NOT_ALLOWED),
    ),
    "health_ready": Policy(
        get=expect(200, password_only=200),
        post=expect(NOT_ALLOWED, password_only=NOT_ALLOWED),
    ),
    "accessibility": Policy(
        get=expect(200, password_only=200),
        post=expect(NOT_ALLOWED, password_only=NOT_ALLOWED),
    ),
    "set_language": Policy(
        get=expect(302, password_only=302), post=expect(302, password_only=302)
    ),
    # Verified sessions are sent on; the pages themselves are tested in test_accounts.
    # The password-only session (its account has an app) is asked for the code.
    "security:two_factor_verify": Policy(
        get=expect(302, anonymous=LOGIN, password_only=200),
        post=expect(302, anonymous=LOGIN, password_only=400),
    ),
    "security:two_factor_setup": Policy(
        get=expect(200, anonymous=LOGIN), post=expect(400, anonymous=LOGIN)
    ),
    "security:access_log": Policy(
        get=expect(403, anonymous=LOGIN, privacy=200),
        post=expect(NOT_ALLOWED),
    ),
    "security:access_log_export": Policy(
        get=expect(403, anonymous=LOGIN, privacy=200),
        post=expect(NOT_ALLOWED),
    ),
    # Four eyes on access: a functional admin requests, a second one or the privacy
    # officer decides (the world's request was made by the admin: not theirs to decide).
    "security:approvals": Policy(
        get=expect(403, anonymous=LOGIN, admin=200, privacy=200),
        post=expect(NOT_ALLOWED),
    ),
    "security:approval_request_role": page("admin"),
    "security:approval_request_membership": page("admin"),
    "security:approval_request_two_factor": page("admin"),
    "security:approval_detail": Policy(
        obj="access_request",
        get=expect(403, anonymous=LOGIN, admin=200, privacy=200),
        post=expect(403, anonymous=LOGIN, privacy=400),
    ),
    # An invitation's link to choose a password: for whoever holds it (an invalid
    # token shows that the link no longer works).
    "security:password_set": Policy(
        obj="password_link", get=expect(200), post=expect(200)
    ),
    # --- administration in the app (/beheren/, security.administration) ---------------
    # Accounts are the functional admin's only; a superuser has no role and gets 403
    # like everyone else. The privacy officer reads the failed logins, but only a
    # functional admin lifts a lockout.
    "administration:account_list": Policy(
        get=only("admin", 200), post=expect(NOT_ALLOWED)
    ),
    "administration:account_create": page("admin"),
    "administration:account_detail": Policy(
        obj="account", get=only("admin", 200), post=expect(NOT_ALLOWED)
    ),
    "administration:account_deactivate": Policy(
        obj="account", get=only("admin", 200), post=only("admin", 302)
    ),
    "administration:account_reactivate": Policy(
        obj="account", get=only("admin", 200), post=only("admin", 302)
    ),
    "administration:account_role": Policy(
        obj="account", get=only("admin", 200), post=only("admin", 400)
    ),
    "administration:account_role_revoke": Policy(
        obj="account", get=expect(NOT_ALLOWED), post=only("admin", 302)
    ),
    "administration:account_invite": Policy(
        obj="account", get=expect(NOT_ALLOWED), post=only("admin", 302)
    ),
    "administration:login_failures": Policy(
        get=only(("admin", "privacy"), 200), post=expect(NOT_ALLOWED)
    ),
    "administration:lockout_lift": Policy(
        obj="account", get=only("admin", 200), post=only("admin", 302)
    ),
    # --- the directory a functional admin maintains (/beheren/) -----------------------
    "directory:organisation_list": page("admin", post=NOT_ALLOWED),
    "directory:organisation_create": page("admin"),
    "directory:organisation_edit": Policy(
        obj="organisation", get=only("admin", 200), post=only("admin", 400)
    ),
    "directory:organisation_delete": Policy(
        obj="organisation",
        note="The world's party has an advisor: refused, back to the page.",
        get=only("admin", 200),
        post=only("admin", 302),
    ),
    "directory:region_list": page("admin", post=NOT_ALLOWED),
    "directory:region_create": page("admin"),
    "directory:region_detail": Policy(
        obj="region", get=only("admin", 200), post=only("admin", 400)
    ),
    "directory:region_edit": Policy(
        obj="region", get=only("admin", 200), post=only("admin", 400)
    ),
    "directory:partner_list": page("admin", post=NOT_ALLOWED),
    "directory:partner_create": page("admin"),
    "directory:partner_edit": Policy(
        obj="partner", get=only("admin", 200), post=only("admin", 400)
    ),
    "directory:partner_delete": Policy(
        obj="partner",
        note="Deleted when no referral points at it (the request is rolled back).",
        get=only("admin", 200),
        post=only("admin", 302),
    ),
    "directory:ambassador_list": page("admin", post=NOT_ALLOWED),
    "directory:ambassador_edit": Policy(
        obj="ambassador",
        note="An empty POST chooses no region: the form's message.",
        get=only("admin", 200),
        post=only("admin", 400),
    ),
    # --- the advisor's queue and intake, the ambassador's list ------------------------
    "cases:queue": Policy(
        note="The search is POSTed (names stay out of URLs) and shown at a GET URL.",
        get=expect(403, anonymous=LOGIN, vp_case=200, vp_other=200),
        post=expect(403, anonymous=LOGIN, vp_case=302, vp_other=302),
    ),
    "cases:intake": Policy(
        get=expect(403, anonymous=LOGIN, vp_case=200, vp_other=200),
        post=expect(403, anonymous=LOGIN, vp_case=400, vp_other=400),
    ),
    "cases:ambassador_list": Policy(
        get=expect(403, anonymous=LOGIN, amb_case=200, amb_other=200),
        post=expect(403, anonymous=LOGIN, amb_case=NOT_ALLOWED, amb_other=NOT_ALLOWED),
    ),
    # The type-ahead's suggestions: POST only (a name never goes into a URL).
    "cases:intake_suggest": Policy(
        get=expect(403, anonymous=LOGIN, vp_case=NOT_ALLOWED, vp_other=NOT_ALLOWED),
        post=expect(403, anonymous=LOGIN, vp_case=400, vp_other=400),
    ),
    # The cases an ambassador closed (the world's case is open: nobody's).
    "cases:ambassador_closed_list": Policy(
        get=expect(403, anonymous=LOGIN, amb_case=200, amb_other=200),
        post=expect(403, anonymous=LOGIN, amb_case=NOT_ALLOWED, amb_other=NOT_ALLOWED),
    ),
    "cases:ambassador_closed_detail": Policy(
        obj="case",
        get=expect(403, anonymous=LOGIN, amb_case=404, amb_other=404),
        post=expect(403, anonymous=LOGIN, amb_case=NOT_ALLOWED, amb_other=NOT_ALLOWED),
    ),
    "cases:reopen_request": Policy(
        obj="case",
        get=expect(403, anonymous=LOGIN, amb_case=404, amb_other=404),
        post=expect(403, anonymous=LOGIN, amb_case=404, amb_other=404),
    ),
    "cases:reopen_request_list": Policy(
        get=expect(403, anonymous=LOGIN, vp_case=200, vp_other=200),
        post=expect(403, anonymous=LOGIN, vp_case=NOT_ALLOWED, vp_other=NOT_ALLOWED),
    ),
    "cases:reopen_request_decide": Policy(
        obj="reopen_request",
        get=expect(NOT_ALLOWED, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, vp_case=302, amb_case=403),
    ),
    # --- one case ---------------------------------------------------------------------
    "cases:detail": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    # The timeline's entries (htmx); without htmx it sends back to the case page.
    "cases:timeline": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case=302, amb_case=302),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "cases:dossier_pdf": Policy(
        obj="case",
        note="The whole case: its advisors only; the ambassador sees a part.",
        get=expect(404, anonymous=LOGIN, vp_case=200, amb_case=403),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "cases:audit_log": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case=200, admin=200),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "cases:assign": Policy(
        obj="case",
        get=expect(NOT_ALLOWED, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, vp_case=302, amb_case=403),
    ),
    "cases:consent_add": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
    ),
    "cases:handoff": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case={200, 302}, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case={400, 302}, amb_case=403),
    ),
    "cases:handoff_withdraw": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case=200, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=403),
    ),
    # The inbox: every signed-in person has their own; a notification or follow-up
    # of someone else is the 404 of an unknown one.
    "cases:inbox": Policy(
        get=expect(200, anonymous=LOGIN), post=expect(NOT_ALLOWED, anonymous=LOGIN)
    ),
    "cases:inbox_count": Policy(
        get=expect(200, anonymous=LOGIN), post=expect(NOT_ALLOWED, anonymous=LOGIN)
    ),
    "cases:email_setting": Policy(
        get=expect(200, anonymous=LOGIN), post=expect(400, anonymous=LOGIN)
    ),
    "cases:notifications_read_all": Policy(
        get=expect(NOT_ALLOWED, anonymous=LOGIN), post=expect(302, anonymous=LOGIN)
    ),
    "cases:notification_read": Policy(
        obj="notification",
        note="Only its own person's: a colleague on the same case gets the 404.",
        get=expect(NOT_ALLOWED, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, vp_case=302, vp_colleague=404),
    ),
    "cases:follow_up_add": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
    ),
    "cases:follow_up_done": Policy(
        obj="follow_up",
        note="Anyone working on the case may mark its follow-up done.",
        get=expect(NOT_ALLOWED, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, vp_case=302, amb_case=302),
    ),
    "cases:note_add": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
    ),
    # Files on a case: the ambassador who accepted it adds and reads them too; an
    # offered ambassador and everyone else gets the 404 of an unknown file.
    "cases:file_add": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
    ),
    "cases:file_download": Policy(
        obj="case_file",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "cases:file_thumbnail": Policy(
        obj="case_file",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "cases:referral_add": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
    ),
    "cases:phase": Policy(
        obj="case",
        get=expect(NOT_ALLOWED, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, vp_case=403, amb_case=302),
    ),
    "cases:close": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case={200, 302}, amb_case=200),
        post=expect(404, anonymous=LOGIN, vp_case={400, 302}, amb_case=400),
    ),
    "cases:reopen": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case={200, 302}, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case={400, 302}, amb_case=403),
    ),
    "cases:consent_revoke": Policy(
        obj="consent",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(
            404, anonymous=LOGIN, vp_case={200, 302, 400}, amb_case={200, 302, 400}
        ),
    ),
    "cases:handoff_accept": Policy(
        obj="handoff",
        get=expect(NOT_ALLOWED, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, amb_case=302),
    ),
    "cases:handoff_decline": Policy(
        obj="handoff",
        get=expect(404, anonymous=LOGIN, amb_case=200),
        post=expect(404, anonymous=LOGIN, amb_case=400),
    ),
    "cases:referral_status": Policy(
        obj="referral",
        get=expect(NOT_ALLOWED, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, vp_case=302, amb_case=302),
    ),
    # --- security pages on a case -----------------------------------------------------
    "security_case:break_request": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case=200, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=403),
    ),
    "security_case:break_decide": Policy(
        obj="break",
        note="The case's VP asked for it, so may not confirm it (four eyes); a "
        "colleague advisor of the organisation decides.",
        get=expect(404, anonymous=LOGIN, vp_case=403, vp_colleague=200, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case=403, vp_colleague=400, amb_case=403),
    ),
    "security_case:subject_access": Policy(
        obj="holder",
        get=expect(403, anonymous=LOGIN, vp_case=200, vp_other=404),
        post=expect(403, anonymous=LOGIN, vp_case=400, vp_other=404),
    ),
    # --- the 24/7 line, police and damage, advisor actions ------------------------
    "cases:help": Policy(
        note="Public: the line's number and what to do in danger.",
        get=expect(200),
        post=expect(NOT_ALLOWED),
    ),
    # The 24/7 line is the association's: a party's advisor has none.
    "cases:hotline_call": Policy(
        get=only(ADVISORS, 200) | {"vp_party": 403},
        post=only(ADVISORS, 400) | {"vp_party": 403},
    ),
    "cases:complete_intake": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case=200, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case={400, 302}, amb_case=403),
    ),
    "cases:police": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
    ),
    "cases:damage_add": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
    ),
    "cases:advisor_action_add": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, vp_case=200, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=403),
    ),
    "cases:formal_report": Policy(
        obj="case",
        note="Only the case's VP turns a melding into a formal report.",
        get=expect(404, anonymous=LOGIN, vp_case=200, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=403),
    ),
    "cases:referral_outcome": Policy(
        obj="referral",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
    ),
    "cases:partner_list": Policy(
        note="The expert network: for those who refer, and the admin who keeps it.",
        get=only((*RECORDERS, "admin"), 200),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    # --- signals: staff see published figures only, never a case or a signal ----------
    "signals:dashboard": page("staff", post=NOT_ALLOWED),
    "signals:report_list": page("staff"),
    # Starting a release is a POST without fields: it is queued and shown.
    "signals:release_list": page("staff", post=302),
    "signals:release_detail": Policy(
        obj="release",
        note="A finished release is shown on the dashboard.",
        get=only("staff", 302),
        post=only("staff", NOT_ALLOWED),
    ),
    "signals:release_digests": page("admin", post=NOT_ALLOWED),
    "signals:report_detail": Policy(
        obj="report", get=only("staff", 200), post=only("staff", NOT_ALLOWED)
    ),
    "signals:report_progress": Policy(
        obj="report", get=only("staff", 200), post=only("staff", NOT_ALLOWED)
    ),
    "signals:report_download": Policy(
        obj="report_pdf", get=only("staff", 200), post=only("staff", NOT_ALLOWED)
    ),
    "signals:return_days": page("staff"),
    "signals:return_day_edit": Policy(
        obj="return_day", get=only("staff", 200), post=only("staff", 400)
    ),
    "signals:feedback_list": page("staff", post=NOT_ALLOWED),
    # Advisors and ambassadors record signals and see only their own.
    "signals:signal_list": page(RECORDERS, post=NOT_ALLOWED),
    "signals:signal_create": page(RECORDERS),
    "signals:signal_revoke": Policy(
        obj="signal",
        note="Only the recorder's own signals; another recorder's is invisible.",
        get=only(RECORDERS, NOT_ALLOWED),
        post=only(RECORDERS, 404) | {"vp_case": 302},
    ),
    "signals:signal_case_lookup": Policy(
        get=only(RECORDERS, 302), post=only(RECORDERS, NOT_ALLOWED)
    ),
    "signals:signal_from_case": Policy(
        obj="case",
        note="Recorders who see the case; staff never reach a case.",
        get=only(RECORDERS, 404) | CASE_VIEWERS | {"vp_colleague": 200},
        post=only(RECORDERS, 404) | dict.fromkeys(CASE_WORKERS, 400),
    ),
    "signals:feedback_create": page(RECORDERS),
    "signals:feedback_review_list": page(ADVISORS, post=NOT_ALLOWED),
    "signals:feedback_review": Policy(
        obj="feedback",
        note="An advisor of the author's organisation reviews it; another "
        "organisation's advisor never reads it (the author's own: tests/signals).",
        get=only(ADVISORS, NOT_ALLOWED),
        post=only(ADVISORS, 404) | {"vp_case": 302, "vp_colleague": 302},
    ),
    # --- the ambassador network: coordinators manage, ambassadors see their own -------
    "ambassadors:network": page("staff", post=NOT_ALLOWED),
    "ambassadors:coverage": page("staff", post=NOT_ALLOWED),
    "ambassadors:detail": Policy(
        obj="ambassador",
        note="Coordinators, and the ambassador themselves; another's page is 404.",
        get=only(AMBASSADORS, 404) | {"staff": 200, "amb_case": 200},
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "ambassadors:my_page": Policy(
        get=only(AMBASSADORS, 302), post=only(AMBASSADORS, 302)
    ),
    "ambassadors:hours": page(AMBASSADORS),
    "ambassadors:hours_delete": Policy(
        obj="hours",
        note="An ambassador's own hours only.",
        get=only(AMBASSADORS, NOT_ALLOWED),
        post=only(AMBASSADORS, 404) | {"amb_case": 302},
    ),
    "ambassadors:unavailability_add": Policy(
        get=only(AMBASSADORS, NOT_ALLOWED), post=only(AMBASSADORS, 302)
    ),
    "ambassadors:unavailability_delete": Policy(
        obj="absence",
        get=only(AMBASSADORS, NOT_ALLOWED),
        post=only(AMBASSADORS, 404) | {"amb_case": 302},
    ),
    "ambassadors:meeting_list": Policy(
        get=only((*AMBASSADORS, "staff"), 200),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "ambassadors:meeting_create": page("staff"),
    "ambassadors:meeting_detail": Policy(
        obj="meeting",
        note="Ambassadors see the meetings they are invited to; only coordinators "
        "change them.",
        get=only(AMBASSADORS, 404) | {"staff": 200, "amb_case": 200},
        post=only(AMBASSADORS, 404) | {"staff": 400, "amb_case": 403},
    ),
    "ambassadors:meeting_edit": Policy(
        obj="meeting", get=only("staff", 200), post=only("staff", 400)
    ),
    # Recruitment: vacancies and the application form are public.
    "ambassadors:vacancy_list": Policy(get=expect(200), post=expect(NOT_ALLOWED)),
    "ambassadors:vacancy_create": page("staff"),
    "ambassadors:vacancy_detail": Policy(
        obj="vacancy", get=expect(200), post=expect(400)
    ),
    "ambassadors:vacancy_edit": Policy(
        obj="vacancy", get=only("staff", 200), post=only("staff", 400)
    ),
    # Only the selection committee sees applications and CVs.
    "ambassadors:application_list": page("committee", post=NOT_ALLOWED),
    "ambassadors:application_detail": Policy(
        obj="application", get=only("committee", 200), post=only("committee", 400)
    ),
    "ambassadors:application_score": Policy(
        obj="application",
        get=only("committee", NOT_ALLOWED),
        post=only("committee", {302, 400}),
    ),
    "ambassadors:application_decide": Policy(
        obj="application",
        get=only("committee", NOT_ALLOWED),
        post=only("committee", 302),
    ),
    "ambassadors:application_cv": Policy(
        obj="application",
        get=only("committee", 200),
        post=only("committee", NOT_ALLOWED),
    ),
    # --- OT on Tour: coordinators only; no case data ----------------------------------
    "outreach:dashboard": page("staff", post=NOT_ALLOWED),
    "outreach:figures": Policy(
        obj="csv", get=only("staff", 200), post=only("staff", NOT_ALLOWED)
    ),
    "outreach:gemeente_list": page("staff", post=NOT_ALLOWED),
    "outreach:gemeente_detail": Policy(
        obj="gemeente", get=only("staff", 200), post=only("staff", 400)
    ),
    "outreach:province_list": page("staff", post=NOT_ALLOWED),
    "outreach:province_detail": Policy(
        obj="province", get=only("staff", 200), post=only("staff", 400)
    ),
    "outreach:import": page("staff"),
    "outreach:export": Policy(
        obj="csv", get=only("staff", 200), post=only("staff", NOT_ALLOWED)
    ),
}

# URL prefixes whose URLs are covered by one rule, checked on the given URL name.
PREFIX_POLICIES: dict[str, tuple[str, Policy]] = {
    # The Django admin: technical maintenance, for superusers only (none of the
    # roles): a functional admin is sent to its login page like everyone else.
    "beheer/": (
        "admin:index",
        Policy(get=expect(302), post=expect(302)),
    ),
}

# Whom to send for a URL: the first of these whom the matrix lets POST to it (a
# form processed: 200, 302 or 400), so the refusal is the CSRF check's and not a
# permission's. The anonymous visitor comes last (login, public forms).
SENDERS = (
    "vp_case",
    "amb_case",
    "staff",
    "committee",
    "admin",
    "privacy",
    "vp_colleague",
    "vp_other",
    "vp_party",
    "amb_other",
    "no_role",
    "password_only",
    "anonymous",
)
PROCESSED = {200, 302, 400}
# A verified session is only sent on from the code page: who enters a code there is
# the password-only session.
SENDER_FOR = {"security:two_factor_verify": "password_only"}


def processes(expected) -> bool:
    """Whether an expected answer is a form processed (or a page shown)."""
    statuses = expected if isinstance(expected, set) else {expected}
    return bool(statuses & PROCESSED)


def sender(name: str) -> str:
    """Who POSTs to the URL ``name`` in the CSRF walk and the fuzzing: the first of
    ``SENDERS`` whose POST the policy lets through, else one who may open the page."""
    if name in SENDER_FOR:
        return SENDER_FOR[name]
    policy = POLICIES[name]
    for role in SENDERS:
        if processes(policy.post[role]):
            return role
    for role in SENDERS:
        if processes(policy.get[role]):
            return role
    return "vp_case"


# --- the Django admin beyond its index (/beheer/) -------------------------------------
# Every role of ``ROLES`` and a superuser, GET and POST (an empty body) on the lists
# and change pages of the sensitive models; no page may show case content
# (tests/security/test_authorisation_matrix.py ``test_the_admin_pages``).
ADMIN_ROLES = (*ROLES, "superuser")
ADMIN_LOGIN = "admin-login"


def admin_only(admin, superuser, post=None) -> "Policy":
    """Everyone else is sent to the admin's login page (a password-only session to
    the second factor first); ``admin`` and ``superuser`` are the answers of the
    functional administrator and a superuser (``post``: of both to a POST, default
    the same as a GET)."""

    def table(admin_status, superuser_status):
        return {
            **dict.fromkeys(ADMIN_ROLES, ADMIN_LOGIN),
            "password_only": TWO_FACTOR,
            "admin": admin_status,
            "superuser": superuser_status,
        }

    post = post or (admin, superuser)
    return Policy(get=table(admin, superuser), post=table(*post))


# Path (under /beheer/, ``{kind}`` an object of the world) -> policy. Cases, office
# holders, the access log and access requests are not in the admin at all (404 even
# for a superuser). The admin is a superuser's only (technical maintenance): a
# functional administrator is sent to its login page like every other role, and
# works in /beheren/ (security.administration).
ADMIN_PAGES: dict[str, Policy] = {
    "": admin_only(ADMIN_LOGIN, 200),
    "auth/user/": admin_only(ADMIN_LOGIN, 200),
    "auth/user/{user}/change/": admin_only(ADMIN_LOGIN, 200),
    "auth/group/": admin_only(ADMIN_LOGIN, 200),
    "core/membership/": admin_only(ADMIN_LOGIN, 200),
    "core/membership/{membership}/change/": admin_only(
        ADMIN_LOGIN, 200, post=(ADMIN_LOGIN, 200)
    ),
    "core/auditevent/": admin_only(ADMIN_LOGIN, 404),
    "core/auditevent/{auditevent}/change/": admin_only(ADMIN_LOGIN, 404),
    "cases/": admin_only(ADMIN_LOGIN, 200),
    "cases/case/": admin_only(ADMIN_LOGIN, 404),
    "cases/case/{case}/change/": admin_only(ADMIN_LOGIN, 404),
    "cases/officeholder/": admin_only(ADMIN_LOGIN, 404),
    "cases/partner/": admin_only(ADMIN_LOGIN, 200),
    "security/": admin_only(ADMIN_LOGIN, 404),
    "security/accessrequest/": admin_only(ADMIN_LOGIN, 404),
    "security/accessrequest/{access_request}/change/": admin_only(ADMIN_LOGIN, 404),
    "network/ambassador/{ambassador}/change/": admin_only(ADMIN_LOGIN, 200),
    "regions/region/": admin_only(ADMIN_LOGIN, 200),
    # "View on site" of a case: no way round the case's own page.
    "r/{case_type}/{case}/": admin_only(ADMIN_LOGIN, 404),
}
