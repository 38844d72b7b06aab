"""The fixtures of every suite: one user per role, and cases in each state of the flow.

All of them are made with the factories of ``tests/factories.py`` (the one fixture
system; a suite's own conftest only adds what is particular to that app). The people
have fixed names (advisor ``vp.anna``, her colleague ``vp.bert``, ambassador
``amb.carla``, ...), so a test can look for them on a page.

Users come back fresh from the database (``core.roles`` caches roles and organisation
on the user object). The ``case`` is recorded through the intake service, and cases in
a handed-off state are brought there through ``cases.services`` (see
``tests.factories.handed_off_case``), so grants, history and audit rows are what a real
user would leave behind.

The database is used as in production, by two roles (docs/security.md): the test
database is created and migrated by the owner role (``DATABASES["owner"]``), and the
tests connect as the application's role (``default``), which may not change the schema
or the access log. A test that needs the owner says so (``databases=["default",
"owner"]``).

Celery stays real: on-commit work is seen with ``django_capture_on_commit_callbacks``;
no worker runs in tests, so a test of a task calls the task function itself. The
broker's Redis database is emptied once, at the start of a run.
"""

import warnings

import psycopg
import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.operations import DatabaseOperations
from django.test import Client

from core import prepared
from core.sql_roles import OWNER
from tests.factories import (
    AmbassadorFactory,
    GemeenteFactory,
    OfficeHolderFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    default_organisation,
    fresh,
    handed_off_case,
    recorded_case,
)

# --- the run --------------------------------------------------------------------------

# Every prepared read (``core.prepared``) also compiles its query afresh and compares:
# the whole suite checks that each one has a fixed shape.
prepared.CHECK = True


@pytest.fixture(scope="session", autouse=True)
def _empty_redis_test_database():
    """Empty the broker's Redis database once, before the first test.

    Tests enqueue real Celery messages (no worker runs), so without this the database
    fills up run after run, and a test that reads it (``test_no_content_in_redis``)
    also reads what earlier runs left. ``make test`` points the broker at database 15.
    Database 0 is the development worker's queue: it is never emptied, and a run
    against it stops here rather than feed that worker."""
    url = django_settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return
    store = redis.Redis.from_url(url)
    try:
        if int(store.connection_pool.connection_kwargs.get("db", 0)) == 0:
            pytest.exit(
                "The Celery broker is Redis database 0, the development worker's "
                "queue: tests would enqueue messages there, and this run empties the "
                "broker's database first. Run `make test` (database 15), or set "
                "CELERY_BROKER_URL to another database.",
                returncode=pytest.ExitCode.USAGE_ERROR,
            )
        store.flushdb()
    except redis.ConnectionError:
        warnings.warn(
            "Redis is not running: its test database was not emptied", stacklevel=1
        )
    finally:
        store.close()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's test database, made by the owner role.

    The owner creates the database and runs the migrations (so it owns every table,
    as in production); the application's role then connects to it as ``default``,
    with only the privileges the migrations granted it. The contents after migrating
    are kept for ``serialized_rollback``, as Django does."""
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    app, owner = connections[DEFAULT_DB_ALIAS], connections[OWNER]
    with django_db_blocker.unblock():
        created = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases={OWNER},
            serialized_aliases=set(),
            keepdb=django_db_keepdb and not django_db_createdb,
        )
        app.close()
        app.creation.set_as_test_mirror(owner.settings_dict)
        app._test_serialized_contents = app.creation.serialize_db_to_string()
        # The same database: a transactional test that also uses the owner restores
        # the rows once (through the application), and its flush of the owner's alias
        # does not make the content types again either.
        owner._test_serialized_contents = "[]"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", _flush_as_owner)
        yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            app.close()
            teardown_databases(created, verbosity=verbosity)


def _flush_as_owner(ops, sql_list):
    """How transactional tests empty the database after each test (Django's flush
    TRUNCATEs every table): as the owner, since the application's role may not
    TRUNCATE, with the access log's TRUNCATE trigger off for that one transaction.
    A connection of its own: a test may not use the owner's alias."""
    settings = connections[OWNER].settings_dict
    trigger = "cases_auditevent_no_truncate"
    with (
        psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
        ) as owner,
        owner.cursor() as cursor,
    ):
        cursor.execute(f"ALTER TABLE cases_auditevent DISABLE TRIGGER {trigger}")
        for sql in sql_list:
            cursor.execute(sql)
        cursor.execute(f"ALTER TABLE cases_auditevent ENABLE TRIGGER {trigger}")


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


def logged_in(user) -> VerifiedClient:
    """A client of its own signed in as ``user`` (2FA passed), for a test that acts
    as two people at once."""
    client = VerifiedClient()
    client.force_login(user)
    return client


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
    return GemeenteFactory(region=region, name="Teststad")


@pytest.fixture
def other_gemeente(other_region):
    return GemeenteFactory(region=other_region)


# --- people ---------------------------------------------------------------------------


def named_user(username, **traits):
    """A user called ``username`` (first name: its last part, capitalised)."""
    first_name = username.rsplit(".", 1)[-1].title()
    return fresh(UserFactory(username=username, first_name=first_name, **traits))


@pytest.fixture
def advisor(organisation):
    return named_user("vp.anna", advisor=True, organisation=organisation)


@pytest.fixture
def colleague(organisation):
    """A second advisor of the same organisation."""
    return named_user("vp.bert", advisor=True, organisation=organisation)


@pytest.fixture
def other_org_advisor(other_organisation):
    return named_user("vp.partij", advisor=True, organisation=other_organisation)


@pytest.fixture
def ambassador(organisation, region):
    """An ``Ambassador`` covering ``region``; the user is ``ambassador.user``."""
    return AmbassadorFactory(
        organisation=organisation,
        regions=[region],
        user__username="amb.carla",
        user__first_name="Carla",
    )


@pytest.fixture
def ambassador_user(ambassador):
    """The user of ``ambassador``, for parametrizing over roles by fixture name."""
    return fresh(ambassador.user)


@pytest.fixture
def other_ambassador(organisation, region):
    """Another ambassador of the same organisation and region."""
    return AmbassadorFactory(
        organisation=organisation,
        regions=[region],
        user__username="amb.daan",
        user__first_name="Daan",
    )


@pytest.fixture
def staff_user(organisation):
    return named_user("staf.eva", staff=True, organisation=organisation)


@pytest.fixture
def coordinator(organisation):
    """Another staff member: the one who runs the network and OT on Tour."""
    return fresh(UserFactory(staff=True, organisation=organisation))


@pytest.fixture
def functional_admin(organisation):
    return named_user("beheer.fons", functional_admin=True, organisation=organisation)


@pytest.fixture
def second_admin(organisation):
    """Another functional admin of the organisation (four eyes)."""
    return named_user("beheer.gijs", functional_admin=True, organisation=organisation)


@pytest.fixture
def newcomer(db):
    """An account without a role or an organisation (made by a functional admin)."""
    return named_user("nieuw.account", email="nieuw@example.org")


@pytest.fixture
def privacy_officer(organisation):
    return named_user("fg.pia", privacy_officer=True, organisation=organisation)


@pytest.fixture
def selection_member(organisation):
    """A member of the selection committee for new ambassadors."""
    return fresh(UserFactory(selection=True, organisation=organisation))


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
    return named_user("zonder.rol")


@pytest.fixture
def anonymous():
    return AnonymousUser()


# --- cases ----------------------------------------------------------------------------


@pytest.fixture
def office_holder(organisation, gemeente):
    return OfficeHolderFactory(
        organisation=organisation, gemeente=gemeente, name="Gerda Raadslid"
    )


@pytest.fixture
def case(advisor, office_holder):
    """A new case of the association, recorded and owned by ``advisor``, in ``region``;
    its account holds the marker ``GEHEIM-ZIN-42``."""
    return recorded_case(advisor, office_holder)


@pytest.fixture
def other_org_case(other_org_advisor, other_organisation, gemeente):
    holder = OfficeHolderFactory(organisation=other_organisation, gemeente=gemeente)
    return recorded_case(other_org_advisor, holder)


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
