"""Common fixtures: one user per role, and cases in each state of the flow.

Users come back fresh from the database (``core.roles`` caches roles and organisation
on the user object). Cases in a handed-off state are brought there through
``cases.services`` (see ``tests.factories.handed_off_case``), so grants, history and
audit rows are what a real user would leave behind.

Celery stays real: on-commit work is seen with ``django_capture_on_commit_callbacks``;
no worker runs in tests, so a test of a task calls the task function itself.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.test import Client

from tests.factories import (
    AmbassadorFactory,
    CaseFactory,
    GemeenteFactory,
    OfficeHolderFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    default_organisation,
    fresh,
    handed_off_case,
)


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Argon2 is the configured hasher (tests/security/test_accounts.py checks it); it
    # is slow by design, so tests hash with MD5 and still verify Argon2 hashes.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


# --- clients --------------------------------------------------------------------------


class VerifiedClient(Client):
    """A test client whose ``force_login`` also passes the second factor.

    Every page but the 2FA pages needs a session verified with django-otp
    (``config.middleware.RequireTwoFactorMiddleware``). Tests of other features log in
    with ``client.force_login(user)`` and get such a session; tests of 2FA itself use
    ``unverified_client``. ``client.login(...)`` (password only) stays unverified."""

    def force_login(self, user, backend=None):
        from tests.otp_helpers import verify_session

        super().force_login(user, backend)
        verify_session(self, user)


@pytest.fixture
def client():
    """pytest-django's ``client``, with a 2FA-verified ``force_login``."""
    return VerifiedClient()


@pytest.fixture
def unverified_client():
    """A plain client: ``force_login`` gives a password-only session."""
    return Client()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's ``admin_client``, 2FA-verified."""
    client = VerifiedClient()
    client.force_login(admin_user)
    return client


# --- organisations and places ---------------------------------------------------------


@pytest.fixture
def organisation(db):
    return default_organisation()


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory()


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def other_region(db):
    return RegionFactory()


@pytest.fixture
def gemeente(region):
    return GemeenteFactory(region=region)


@pytest.fixture
def other_gemeente(other_region):
    return GemeenteFactory(region=other_region)


# --- people ---------------------------------------------------------------------------


@pytest.fixture
def advisor(organisation):
    return fresh(UserFactory(advisor=True, organisation=organisation))


@pytest.fixture
def colleague(organisation):
    """A second advisor of the same organisation."""
    return fresh(UserFactory(advisor=True, organisation=organisation))


@pytest.fixture
def other_org_advisor(other_organisation):
    return fresh(UserFactory(advisor=True, organisation=other_organisation))


@pytest.fixture
def ambassador(organisation, region):
    """An ``Ambassador`` covering ``region``; the user is ``ambassador.user``."""
    return AmbassadorFactory(organisation=organisation, regions=[region])


@pytest.fixture
def other_ambassador(organisation, region):
    """Another ambassador of the same organisation and region."""
    return AmbassadorFactory(organisation=organisation, regions=[region])


@pytest.fixture
def staff_user(organisation):
    return fresh(UserFactory(staff=True, organisation=organisation))


@pytest.fixture
def functional_admin(organisation):
    return fresh(UserFactory(functional_admin=True, organisation=organisation))


@pytest.fixture
def superuser(db):
    """A superuser who also holds every model-wide permission of the cases app."""
    user = UserFactory(superuser=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="cases")
    )
    return fresh(user)


@pytest.fixture
def inactive_advisor(organisation):
    return fresh(UserFactory(advisor=True, inactive=True, organisation=organisation))


@pytest.fixture
def no_role_user(db):
    return fresh(UserFactory())


@pytest.fixture
def anonymous():
    return AnonymousUser()


# --- cases ----------------------------------------------------------------------------


@pytest.fixture
def office_holder(organisation, gemeente):
    return OfficeHolderFactory(organisation=organisation, gemeente=gemeente)


@pytest.fixture
def case(advisor, office_holder):
    """A new case of the association, owned by ``advisor``, in ``region``."""
    return CaseFactory(
        organisation=office_holder.organisation,
        office_holder=office_holder,
        owner=advisor,
    )


@pytest.fixture
def other_org_case(other_org_advisor, other_organisation, gemeente):
    holder = OfficeHolderFactory(organisation=other_organisation, gemeente=gemeente)
    return CaseFactory(
        organisation=other_organisation, office_holder=holder, owner=other_org_advisor
    )


@pytest.fixture
def handed_case(case, advisor, ambassador):
    """``case`` handed to ``ambassador`` (offered, not yet answered)."""
    return handed_off_case(case=case, advisor=advisor, ambassador=ambassador)


@pytest.fixture
def accepted_case(handed_case, ambassador):
    """``case`` accepted by ``ambassador``: status with-ambassador, phase listening."""
    from cases.services.handoff import handoff_accept

    handoff_accept(handoff=handed_case.handoffs.get(), by=fresh(ambassador.user))
    handed_case.refresh_from_db()
    return handed_case
