"""The trust boundary in the database: the application's role cannot rewrite history.

The web app, the worker and beat connect as a login role that owns nothing
(``DATABASES["default"]``); the owner role (``DATABASES["owner"]``) owns the schema and
runs the migrations. These tests connect as the application's role, as an intruder in
the application would, and try to change, empty or switch off the access log, change
the schema, and delete recent events through the retention function. Then, as the
owner, that the triggers behind the privileges hold on their own (core/sql/0003_*.sql).
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from core.constants import AuditAction
from core.models import AuditEvent
from core.sql_roles import OWNER

pytestmark = pytest.mark.django_db

APP_ROLE = settings.DATABASES["default"]["USER"]
OWNER_ROLE = settings.DATABASES[OWNER]["USER"]
REFUSED = r"permission denied|must be owner|append-only|refused"


def _event(days_old=0, detail="") -> AuditEvent:
    return AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=days_old),
        actor_username="vp.anna",
        action=AuditAction.VIEW,
        object_type="case",
        object_id=1,
        detail=detail,
    )


def _one(sql, params=None, using=connection):
    with using.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _refused(sql, params=None, using=connection, match=REFUSED):
    """``sql`` fails (in a savepoint, so the test goes on) with a refusal."""
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(using=using.alias),
        using.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def _term() -> int:
    return _one("SELECT days FROM cases_auditevent_retention")


# --- who is connected ----------------------------------------------------------------


def test_the_app_connects_as_its_own_role_that_owns_nothing():
    assert _one("SELECT current_user") == APP_ROLE != OWNER_ROLE
    assert _one("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") is False
    assert not _one("SELECT pg_has_role(current_user, %s, 'MEMBER')", [OWNER_ROLE])
    owned = _one(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = current_user"
    )
    assert owned == 0


def test_the_owner_owns_every_table_and_function():
    others = _one(
        "SELECT count(*) FROM pg_class c "
        "WHERE c.relnamespace = 'public'::regnamespace "
        "AND pg_get_userbyid(c.relowner) <> %s",
        [OWNER_ROLE],
    )
    assert others == 0
    functions = _one(
        "SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace "
        "AND pg_get_userbyid(p.proowner) <> %s",
        [OWNER_ROLE],
    )
    assert functions == 0


# --- the privileges ------------------------------------------------------------------


def _privileges(table) -> set[str]:
    kinds = [
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "TRUNCATE",
        "REFERENCES",
        "TRIGGER",
    ]
    return {
        kind
        for kind in kinds
        if _one("SELECT has_table_privilege(%s, %s, %s)", [APP_ROLE, table, kind])
    }


def test_the_app_may_only_append_to_and_read_the_access_log():
    assert _privileges("cases_auditevent") == {"SELECT", "INSERT"}
    assert _privileges("cases_auditevent_retention") == {"SELECT"}
    assert _privileges("django_migrations") == {"SELECT"}


def test_the_app_reads_and_writes_the_rows_of_ordinary_tables_only():
    ordinary = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert _privileges("cases_case") == ordinary
    assert _privileges("auth_user") == ordinary
    assert not _one("SELECT has_schema_privilege(%s, 'public', 'CREATE')", [APP_ROLE])
    assert not _one(
        "SELECT has_sequence_privilege(%s, 'cases_auditevent_id_seq', 'UPDATE')",
        [APP_ROLE],
    )


def test_only_the_app_may_call_the_purge_function():
    acl = _one(
        "SELECT proacl::text FROM pg_proc WHERE proname = 'cases_auditevent_purge'"
    )
    entries = acl.strip("{}").split(",")
    assert not [entry for entry in entries if entry.startswith("=")], acl
    assert _one(
        "SELECT has_function_privilege(%s, 'cases_auditevent_purge(integer)', "
        "'EXECUTE')",
        [APP_ROLE],
    )


# --- what the app may do -------------------------------------------------------------


def test_the_app_appends_to_and_reads_the_access_log():
    event = _event(detail="nieuw")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_auditevent (at, actor_username, actor_role, action, "
            "object_type, object_id, detail) "
            "VALUES (now(), 'vp.bert', '', 'view', 'case', 2, 'rauw')"
        )
    assert AuditEvent.objects.get(pk=event.pk).detail == "nieuw"
    assert AuditEvent.objects.filter(detail="rauw").exists()


# --- what the app may not do ---------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_auditevent SET actor_username = 'iemand-anders'",
        "UPDATE cases_auditevent SET at = now() - interval '10 years'",
        "DELETE FROM cases_auditevent",
        "TRUNCATE cases_auditevent",
        "TRUNCATE cases_auditevent CASCADE",
        "ALTER TABLE cases_auditevent DISABLE TRIGGER cases_auditevent_append_only",
        "ALTER TABLE cases_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE cases_auditevent DISABLE TRIGGER USER",
        "DROP TRIGGER cases_auditevent_append_only ON cases_auditevent",
        "DROP TRIGGER cases_auditevent_no_truncate ON cases_auditevent",
        "SET session_replication_role = replica",
        "SET LOCAL session_replication_role = replica",
        "ALTER TABLE cases_auditevent RENAME TO cases_auditevent_old",
        "DROP TABLE cases_auditevent",
        "CREATE TABLE kb_intruder (id integer)",
        "DROP TABLE cases_case",
        "ALTER TABLE cases_case ADD COLUMN kb_intruder integer",
        "CREATE OR REPLACE FUNCTION cases_auditevent_append_only() RETURNS trigger "
        "AS $$ BEGIN RETURN OLD; END $$ LANGUAGE plpgsql",
        "ALTER FUNCTION cases_auditevent_purge(integer) SECURITY INVOKER",
        "UPDATE cases_auditevent_retention SET days = 0",
        "DELETE FROM cases_auditevent_retention",
        "DELETE FROM django_migrations",
        "SELECT setval('cases_auditevent_id_seq', 1)",
    ],
)
def test_the_app_cannot_change_empty_or_switch_off_the_access_log(sql):
    event = _event(detail="bewaard")
    _refused(sql)
    assert AuditEvent.objects.get(pk=event.pk).detail == "bewaard"
    assert _one("SHOW session_replication_role") == "origin"


def test_the_app_cannot_grant_itself_more():
    with connection.cursor() as cursor:
        # PostgreSQL only warns: "no privileges were granted".
        cursor.execute(f"GRANT UPDATE, DELETE ON cases_auditevent TO {APP_ROLE}")
        cursor.execute("GRANT UPDATE, DELETE ON cases_auditevent TO PUBLIC")
    assert _privileges("cases_auditevent") == {"SELECT", "INSERT"}
    _refused("UPDATE cases_auditevent SET detail = 'x'")


def test_the_old_purge_flag_opens_nothing():
    old = _event(days_old=3 * 365)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL klankbord.audit_purge = 'on'")
        _refused("DELETE FROM cases_auditevent WHERE id = %s", [old.pk])
    assert AuditEvent.objects.filter(pk=old.pk).exists()


# --- the purge function --------------------------------------------------------------


def test_the_purge_function_deletes_only_events_older_than_the_term():
    term = _term()
    assert term >= 365
    old = _event(days_old=term + 1)
    young = _event(days_old=term - 1)
    now = _event()
    removed = _one("SELECT cases_auditevent_purge(%s)", [term])
    assert removed == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk__in=[young.pk, now.pk]).count() == 2


@pytest.mark.parametrize("days", [0, 1, 364, "term - 1", None])
def test_the_purge_function_refuses_a_shorter_term(days):
    term = _term()
    days = term - 1 if days == "term - 1" else days
    young = _event(days_old=2)
    year_old = _event(days_old=term - 1)
    _refused("SELECT cases_auditevent_purge(%s)", [days], match="days refused")
    assert AuditEvent.objects.filter(pk__in=[young.pk, year_old.pk]).count() == 2


def test_the_purge_function_reads_no_term_or_log_the_caller_planted():
    """A temporary table of the caller's comes first on a search path that does not
    name pg_temp; the function's path names it last and its names are qualified."""
    term = _term()
    young = _event(days_old=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE cases_auditevent_retention "
            "(only_row boolean, days integer)"
        )
        cursor.execute("INSERT INTO cases_auditevent_retention VALUES (true, 1)")
        cursor.execute("GRANT SELECT ON cases_auditevent_retention TO PUBLIC")
        cursor.execute("SET LOCAL search_path = pg_temp, public")
        assert _one("SELECT days FROM cases_auditevent_retention") == 1
    _refused("SELECT cases_auditevent_purge(1)", match=f"kept {term} days")
    assert AuditEvent.objects.filter(pk=young.pk).exists()


def test_the_retention_purge_uses_the_longer_term(settings):
    from security import retention

    term = _term()
    settings.KLANKBORD_RETENTION = {
        "closed_cases": 30,
        "notes": 10,
        "access_log": 365,
    }
    kept = _event(days_old=term - 1)
    gone = _event(days_old=term + 1)
    assert retention.purge()["access_log"] == 1
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    assert not AuditEvent.objects.filter(pk=gone.pk).exists()


# --- behind the privileges: the triggers, as the owner --------------------------------

owner_db = pytest.mark.django_db(databases=["default", OWNER])


def _owner_event(cursor, days_old):
    cursor.execute(
        "INSERT INTO cases_auditevent (at, actor_username, actor_role, action, "
        "object_type, object_id, detail) "
        "VALUES (now() - make_interval(days => %s), 'vp.anna', '', 'view', 'case', "
        "1, '') RETURNING id",
        [days_old],
    )
    return cursor.fetchone()[0]


@owner_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_auditevent SET detail = 'x' WHERE id = %(young)s",
        "UPDATE cases_auditevent SET detail = 'x' WHERE id = %(old)s",
        "DELETE FROM cases_auditevent WHERE id = %(young)s",
        "TRUNCATE cases_auditevent",
    ],
)
def test_the_triggers_refuse_even_the_owner(sql):
    owner = connections[OWNER]
    with owner.cursor() as cursor:
        # Never wait on the application's connection (TRUNCATE locks the table).
        cursor.execute("SET LOCAL lock_timeout = '10s'")
        term = _one("SELECT days FROM cases_auditevent_retention", using=owner)
        ids = {
            "young": _owner_event(cursor, 1),
            "old": _owner_event(cursor, term + 1),
        }
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(using=OWNER),
        owner.cursor() as cursor,
    ):
        cursor.execute(sql, ids if "%(" in sql else None)


@owner_db
def test_the_owner_may_delete_only_old_events():
    owner = connections[OWNER]
    with owner.cursor() as cursor:
        term = _one("SELECT days FROM cases_auditevent_retention", using=owner)
        old = _owner_event(cursor, term + 1)
        cursor.execute("DELETE FROM cases_auditevent WHERE id = %s", [old])
        assert cursor.rowcount == 1


@owner_db
def test_tables_the_owner_creates_later_are_granted_to_the_app():
    owner = connections[OWNER]
    with owner.cursor() as cursor:
        cursor.execute("CREATE TABLE kb_later (id bigserial PRIMARY KEY)")
    assert _one(
        "SELECT has_table_privilege(%s, 'kb_later', 'INSERT') "
        "AND has_table_privilege(%s, 'kb_later', 'DELETE') "
        "AND NOT has_table_privilege(%s, 'kb_later', 'TRUNCATE') "
        "AND has_sequence_privilege(%s, 'kb_later_id_seq', 'USAGE')",
        [APP_ROLE] * 4,
        using=owner,
    )
