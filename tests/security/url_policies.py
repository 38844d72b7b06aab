"""Who may reach which URL: the table the authorisation matrix test walks.

Every named URL the project defines must have an entry here (the test collects them
from the resolver, so a new URL without a policy fails). To add one:

    "signals:report_list": Policy(
        get=expect(403, anonymous=LOGIN, staff=200),   # everyone 403 but these
        post=expect(405, anonymous=LOGIN),
    ),

- ``obj`` names what a ``<int:pk>`` in the URL refers to; the test builds one world
  (``security_world`` in tests/security/conftest.py) with one object of each kind:
  case, consent, handoff, referral, break (a confidentiality request by the case's VP),
  holder (the case's office holder). Add a kind in ``security_world`` if needed.
- Roles: anonymous, no_role (signed in, no role), vp_case (the case's advisor),
  vp_other (advisor of another organisation), amb_case (the ambassador who accepted
  the case), amb_other (another ambassador of the same region), staff (association
  staff), admin (functional administrator, is_staff), privacy (privacy officer).
- Statuses: LOGIN is a redirect to the login page; 302 any other redirect; a set
  allows several (e.g. ``{200, 400}``). POST is sent with an empty body, each request
  rolled back, so a 400 (form errors) is the normal answer of a permitted POST.
- An invisible object is 404 (not 403: a 403 would confirm it exists).
- tests/security/test_fuzz.py fuzzes every URL here that some role may POST to (as the
  first such role), with the fields read from the page's form.
- The objects come from the ``security_world`` fixture (tests/security/conftest.py).
"""

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "no_role",
    "vp_case",
    "vp_other",
    "amb_case",
    "amb_other",
    "staff",
    "admin",
    "privacy",
)
LOGIN = "login"


def expect(default, **per_role) -> dict:
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles in policy: {unknown}")
    return {role: per_role.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Policy:
    get: dict
    post: dict
    obj: str | None = None
    note: str = field(default="", compare=False)


SIGNED_IN = dict.fromkeys(ROLES[1:], 200)

# A case page anyone who sees the case can open; others get 404.
CASE_VIEWERS = {"vp_case": 200, "amb_case": 200}
NOT_ALLOWED = 405

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
        ),
        post=expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    "login": Policy(get=expect(200), post=expect(200)),
    "logout": Policy(get=expect(NOT_ALLOWED), post=expect(302)),
    "accessibility": Policy(get=expect(200), post=expect(NOT_ALLOWED)),
    "set_language": Policy(get=expect(302), post=expect(302)),
    # Verified sessions are sent on; the pages themselves are tested in test_accounts.
    "security:two_factor_verify": Policy(
        get=expect(302, anonymous=LOGIN), post=expect(302, anonymous=LOGIN)
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
    # --- the advisor's queue and intake, the ambassador's list ------------------------
    "cases:queue": Policy(
        get=expect(403, anonymous=LOGIN, vp_case=200, vp_other=200),
        post=expect(403, anonymous=LOGIN, vp_case=NOT_ALLOWED, vp_other=NOT_ALLOWED),
    ),
    "cases:intake": Policy(
        get=expect(403, anonymous=LOGIN, vp_case=200, vp_other=200),
        post=expect(403, anonymous=LOGIN, vp_case=400, vp_other=400),
    ),
    "cases:ambassador_list": Policy(
        get=expect(403, anonymous=LOGIN, amb_case=200, amb_other=200),
        post=expect(403, anonymous=LOGIN, amb_case=NOT_ALLOWED, amb_other=NOT_ALLOWED),
    ),
    # --- one case ---------------------------------------------------------------------
    "cases:detail": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
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
    "cases:note_add": Policy(
        obj="case",
        get=expect(404, anonymous=LOGIN, **CASE_VIEWERS),
        post=expect(404, anonymous=LOGIN, vp_case=400, amb_case=400),
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
        note="The case's VP asked for it, so may not confirm it (four eyes).",
        get=expect(404, anonymous=LOGIN, vp_case=403, amb_case=403),
        post=expect(404, anonymous=LOGIN, vp_case=403, amb_case=403),
    ),
    "security_case:subject_access": Policy(
        obj="holder",
        get=expect(403, anonymous=LOGIN, vp_case=200, vp_other=404),
        post=expect(403, anonymous=LOGIN, vp_case=400, vp_other=404),
    ),
}

# URL prefixes whose URLs are covered by one rule, checked on the given URL name.
PREFIX_POLICIES: dict[str, tuple[str, Policy]] = {
    # The Django admin: only staff accounts (functional administrators) get in.
    "beheer/": (
        "admin:index",
        Policy(
            get=expect(302, admin=200),
            post=expect(302, admin=200),
        ),
    ),
}
