"""Models moved between apps without losing a row: Organisation, Membership and
AuditEvent from cases to core; Ambassador and Unavailability from ambassadors to
network. For each move a database filled by ``seed_demo`` is migrated back to the last
migrations before the move and forward again, and keeps its rows, its decrypted text
and the content types its permissions hang on."""

from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.models import Case, Handoff
from core.fields import encrypted_fields
from core.models import AuditEvent, Membership, Organisation
from core.sql_roles import OWNER, owner_as_default
from network.models import Ambassador, Unavailability

# Transactional: the migrations run for real, outside a test transaction. The
# serialized rollback gives the tests after this one the migrated data back (roles,
# the default organisation) that the flush at its end removes. Migrations are the
# owner role's: the whole test runs as the owner (core.sql_roles.owner_as_default).
pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", OWNER]
)


@dataclass(frozen=True)
class Move:
    name: str
    # The last migration of each app before the move; taking the new app to zero
    # also takes back what depends on it.
    before: list[tuple[str, str | None]]
    # Applied at the old head, and the move's first migration, which is not.
    kept: tuple[str, str]
    first: tuple[str, str]
    source: str
    target: str
    models: list
    # (rows of another app that reach the moved model through a foreign key,
    # the table they are in): every row must still reach it.
    reached: Callable[[], tuple]
    permissions: set[tuple[str, str]]
    # Tables with rows that migrations taken back drop (and that come back at the
    # head); any other table taken back must have been empty.
    dropped: frozenset[str] = frozenset()

    @property
    def model_names(self) -> list[str]:
        return [model._meta.model_name for model in self.models]


MOVES = [
    Move(
        name="cases to core",
        before=[
            ("cases", "0018_case_open_count_index"),
            ("ambassadors", "0004_selection_committee_group"),
            ("core", None),
        ],
        kept=("cases", "0018_case_open_count_index"),
        first=("core", "0001_models_from_cases"),
        source="cases",
        target="core",
        models=[Organisation, Membership, AuditEvent],
        reached=lambda: (
            Case.objects.filter(organisation__in=Organisation.objects.all()),
            "cases_case",
        ),
        permissions={("core", "view_organisation"), ("core", "add_membership")},
        # core 0003: the access log's retention term.
        dropped=frozenset({"cases_auditevent_retention"}),
    ),
    Move(
        name="ambassadors to network",
        before=[
            ("cases", "0020_case_access_permission"),
            ("ambassadors", "0005_organisation_in_core"),
            ("network", None),
        ],
        kept=("ambassadors", "0005_organisation_in_core"),
        first=("network", "0001_models_from_ambassadors"),
        source="ambassadors",
        target="network",
        models=[Ambassador, Unavailability],
        reached=lambda: (
            Handoff.objects.filter(ambassador__in=Ambassador.objects.all()),
            "cases_handoff",
        ),
        permissions={("network", "view_ambassador"), ("network", "change_ambassador")},
    ),
]
SAMPLE_SIZE = 5


def _migrate(targets) -> int:
    """Migrate to ``targets``; the number of migrations applied or unapplied."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    executor.migrate(targets, plan=plan)
    ContentType.objects.clear_cache()
    return len(plan)


def _head() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# Signals 0006 (after both moves) replaced the live-count tables with the release
# tables, so migrating back before a move takes it back too and these tables exist
# at one head only: their rows are derived (the summary, the cache, rebuilt by the
# triggers of 0003/0004) or made again by the next release. Every other table is
# compared row for row.
ONE_HEAD_ONLY = {
    "signals_cachedrelease",
    "signals_datastamp",
    "signals_personsummary",
    "signals_statisticsrelease",
    "signals_releasebasis",
    "signals_recordkey",
    # The inbox and the follow-up clocks came after both moves: migrating back before
    # a move takes their tables back, rows and all (notifications, follow-ups, clock
    # firings, e-mail choices are made again by use, not by a migration).
    "cases_notification",
    "cases_notificationsetting",
    "cases_followup",
    "cases_clockfiring",
}


def _table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            if table in ONE_HEAD_ONLY:
                continue
            name = connection.ops.quote_name(table)
            cur.execute(f"SELECT count(*) FROM {name}")  # noqa: S608 - a table name
            counts[table] = cur.fetchone()[0]
    return counts


def _content_types(move: Move) -> dict[str, tuple[int, str]]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT model, id, app_label FROM django_content_type "
            "WHERE model = ANY(%s)",
            [move.model_names],
        )
        return {model: (pk, app_label) for model, pk, app_label in cur.fetchall()}


def _decrypted_samples() -> dict[str, list[tuple]]:
    """The first rows of every model with encrypted fields, read (and so decrypted)
    through the ORM."""
    samples = {}
    for model in apps.get_models():
        fields = [field.name for field in encrypted_fields(model)]
        if fields:
            rows = model.objects.order_by("pk").values_list("pk", *fields)
            samples[model._meta.label] = list(rows[:SAMPLE_SIZE])
    return samples


def _admin_permissions() -> set[tuple[str, str]]:
    group = Group.objects.get(name="functioneel-beheerder")
    return set(group.permissions.values_list("content_type__app_label", "codename"))


@pytest.fixture(autouse=True)
def _as_owner():
    with owner_as_default():
        yield


@pytest.mark.parametrize("move", MOVES, ids=lambda move: move.name)
def test_migrating_back_before_the_move_and_forward_again_loses_nothing(move):
    call_command("load_reference_data", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    head = _head()
    counts = _table_counts()
    samples = _decrypted_samples()
    content_types = _content_types(move)
    permissions = _admin_permissions()
    tables = [model._meta.db_table for model in move.models]
    assert all(counts[table] for table in tables)
    assert samples["cases.Case"]
    assert {label for _pk, label in content_types.values()} == {move.target}
    assert move.permissions <= permissions

    try:
        unapplied = _migrate(move.before)

        # At the old head: the same rows (but for the migrations taken back),
        # still encrypted at rest; the content types (same ids) are the old app's.
        at_old_head = _table_counts()
        assert (
            at_old_head.pop("django_migrations")
            == counts["django_migrations"] - unapplied
        )
        # Tables that later migrations built on the moved models (e.g. a foreign key
        # to core) are taken back with them: they may go only if they held nothing,
        # but for those the move names (``dropped``: they come back, rows and all,
        # when the migrations run forward again).
        gone = set(counts) - set(at_old_head) - {"django_migrations"}
        assert move.dropped <= gone
        emptied = gone - move.dropped
        assert {table: counts[table] for table in emptied} == dict.fromkeys(emptied, 0)
        assert at_old_head == {
            table: n
            for table, n in counts.items()
            if table != "django_migrations" and table not in gone
        }
        with connection.cursor() as cur:
            cur.execute("SELECT account FROM cases_case ORDER BY id LIMIT 1")
            assert cur.fetchone()[0].startswith("kb1:")
        assert _content_types(move) == {
            model: (pk, move.source) for model, (pk, _label) in content_types.items()
        }
        applied = MigrationExecutor(connection).loader.applied_migrations
        assert move.first not in applied
        assert move.kept in applied
    finally:
        # Whatever happened above, the tests after this one need the head.
        _migrate(head)

    assert MigrationExecutor(connection).migration_plan(head) == []
    assert _table_counts() == counts
    assert _decrypted_samples() == samples
    assert _content_types(move) == content_types
    assert _admin_permissions() == permissions
    for model in move.models:
        assert model.objects.count() == counts[model._meta.db_table]
        content_type = ContentType.objects.get_for_model(model)
        assert content_type.pk == content_types[model._meta.model_name][0]
    rows, table = move.reached()
    assert rows.count() == counts[table]
