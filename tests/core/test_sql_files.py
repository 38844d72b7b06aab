"""Every trigger and function in the database is written in a ``<app>/sql/*.sql`` file
that a reader finds beside the app, and migrations hold no SQL of their own for them
(the rule is in ``core/sql.py``)."""

import re

import pytest
from django.db import connection

from core.sql import ROOT, FrozenSQLChanged, load_sql, sql_digest

SQL_FILES = sorted(ROOT.glob("*/sql/*.sql"))
MIGRATIONS = sorted(ROOT.glob("*/migrations/*.py"))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _sql_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in SQL_FILES)


def _functions() -> list[tuple[str, str]]:
    """Name and body of each function of the application (not of an extension)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.proname, p.prosrc
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_depend d
                              WHERE d.classid = 'pg_proc'::regclass
                                AND d.objid = p.oid AND d.deptype = 'e')
            ORDER BY p.proname
            """
        )
        return cursor.fetchall()


def _triggers() -> list[tuple[str, str]]:
    """Name and table of each trigger written by hand (not a foreign key's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.tgname, c.relname
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal
            ORDER BY c.relname, t.tgname
            """
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_every_function_body_is_in_a_sql_file():
    functions = _functions()
    assert functions, "the migrated test database has no function at all"
    files = _squeeze(_sql_text())
    missing = [name for name, body in functions if _squeeze(body) not in files]
    assert not missing, f"functions whose body is in no */sql/*.sql file: {missing}"


def _create_trigger(name: str, table: str) -> str:
    """A pattern for the statement creating trigger ``name`` on ``table``."""
    name, table = re.escape(name), re.escape(table)
    return rf"CREATE\s+(OR\s+REPLACE\s+)?TRIGGER\s+{name}\s[^;]*\sON\s+{table}\s"


@pytest.mark.django_db
def test_every_trigger_is_created_in_a_sql_file():
    triggers = _triggers()
    assert triggers, "the migrated test database has no trigger at all"
    files = _sql_text()
    missing = [
        f"{name} ON {table}"
        for name, table in triggers
        if not re.search(_create_trigger(name, table), files, re.IGNORECASE)
    ]
    assert not missing, f"triggers created in no */sql/*.sql file: {missing}"


def test_migrations_hold_no_function_or_trigger_sql():
    statement = re.compile(r"CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|TRIGGER)", re.I)
    inline = [
        str(path.relative_to(ROOT))
        for path in MIGRATIONS
        if statement.search(path.read_text(encoding="utf-8"))
    ]
    assert not inline, f"move this SQL into the app's sql/ folder: {inline}"


def test_every_sql_file_is_loaded_by_a_migration():
    migrations = "\n".join(path.read_text(encoding="utf-8") for path in MIGRATIONS)
    unused = [
        str(path.relative_to(ROOT))
        for path in SQL_FILES
        if f'"{path.name}"' not in migrations
    ]
    assert not unused, f"no migration loads {unused}"


def test_a_frozen_file_that_was_edited_is_refused(tmp_path, monkeypatch):
    (tmp_path / "app" / "sql").mkdir(parents=True)
    frozen = tmp_path / "app" / "sql" / "0001_thing.sql"
    frozen.write_text("SELECT 1;\n", encoding="utf-8")
    monkeypatch.setattr("core.sql.ROOT", tmp_path)
    digest = sql_digest("SELECT 1;\n")

    assert load_sql("app", "0001_thing.sql", digest=digest) == "SELECT 1;\n"
    frozen.write_text("SELECT 2;\n", encoding="utf-8")
    with pytest.raises(FrozenSQLChanged, match=digest):
        load_sql("app", "0001_thing.sql", digest=digest)
