"""manage.py restore_check: restore the newest backup into a scratch database and
check it (docs/operations.md, "Back-ups"). Exits non-zero on any failure.

Checks: the backup decrypts and every member's hash matches; pg_restore succeeds;
no migration is missing in the restored database; every table holds the rows the
backup counted (and, with ``--strict``, as many as the live database now); a sample
of every encrypted column and file field decrypts with today's field keys; every
private file restores with its hash. The scratch database and the temporary folder
are removed afterwards, also after a failure.
"""

import contextlib
import hashlib
import subprocess
import time
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

from core import backup, crypto
from core.fields import (
    StreamEncryptedFileField,
    encrypted_fields,
    encrypted_file_fields,
)

ALIAS = "restore_check"


class Command(BaseCommand):
    help = "Restore the newest backup into a scratch database and check it."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="This backup instead of the newest.")
        parser.add_argument(
            "--sample", type=int, default=20, help="Rows decrypted per encrypted field."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Also fail when a table's rows differ from the live database "
            "(right after a backup).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.failures = []
        try:
            path = Path(options["file"]) if options["file"] else backup.newest_backup()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if path is None or not path.is_file():
            raise CommandError("Geen back-up gevonden / no backup found.")
        self.stdout.write(f"Back-up / backup: {path}")
        db = backup.owner_settings()
        name = backup.scratch_name()
        with backup.pg_connect(db, "postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            with backup.tempdir("kb-restore-") as folder:
                self._check(path, db, name, Path(folder), options)
        finally:
            with backup.pg_connect(db, "postgres", autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )
        seconds = time.monotonic() - started
        if self.failures:
            for failure in self.failures:
                self.stderr.write(f"FOUT / FAILED: {failure}")
            raise CommandError(
                f"Hersteltest mislukt / restore check failed "
                f"({len(self.failures)}, {seconds:.1f} s)."
            )
        self.stdout.write(
            f"Hersteltest geslaagd / restore check passed in {seconds:.1f} s "
            f"(hersteltijd / restore time)."
        )

    def ok(self, dutch, english):
        self.stdout.write(f"OK  {dutch} / {english}")

    def fail(self, text):
        self.failures.append(text)

    def _check(self, path, db, name, folder, options):
        files = folder / "private"
        restore_log = folder / "pg_restore.log"
        file_hashes = {}

        def on_member(header, pieces):
            if header["kind"] == "database":
                with restore_log.open("wb") as log:
                    restore = subprocess.Popen(  # noqa: S603
                        [  # noqa: S607
                            "pg_restore",
                            "--no-owner",
                            "--exit-on-error",
                            *backup.pg_args(db, name),
                        ],
                        stdin=subprocess.PIPE,
                        stderr=log,
                        stdout=subprocess.DEVNULL,
                        env=backup.pg_env(db),
                    )
                    try:
                        for piece in pieces:
                            restore.stdin.write(piece)
                    except BrokenPipeError:
                        for _rest in pieces:
                            pass
                    finally:
                        with contextlib.suppress(BrokenPipeError):
                            restore.stdin.close()
                    if restore.wait() != 0:
                        log_text = restore_log.read_text(errors="replace")[-800:]
                        self.fail(f"pg_restore: {log_text}")
                return
            relative = header["name"].removeprefix("private/")
            target = (files / relative).resolve()
            if not target.is_relative_to(files.resolve()):
                self.fail(f"{header['name']}: outside the private folder")
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with target.open("wb") as out:
                for piece in pieces:
                    digest.update(piece)
                    out.write(piece)
            file_hashes[header["name"]] = digest.hexdigest()

        try:
            manifest = backup.read_backup(path, on_member)
        except backup.BackupError as error:
            self.fail(str(error))
            return
        self.ok("ontsleuteld, hashes kloppen", "decrypted, hashes match")
        if self.failures:
            return
        self.ok("database teruggezet", "database restored")

        # A connection of its own, not in ``connections``: nothing else uses it.
        owner = connections[backup.owner_alias()]
        scratch = owner.__class__({**db, "NAME": name}, alias=ALIAS)
        try:
            self._migrations(scratch)
            self._counts(scratch, manifest, strict=options["strict"])
            self._fields(scratch, options["sample"], files)
            self._files(manifest, file_hashes, files)
        finally:
            scratch.close()

    def _migrations(self, scratch):
        """The migrations of this code that the restored database has not run
        (``showmigrations`` would list them unticked)."""
        with scratch.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
        graph = MigrationLoader(None, ignore_no_migrations=True).graph
        pending = sorted(
            key
            for key, migration in graph.nodes.items()
            if key not in applied
            and not (migration.replaces and set(migration.replaces) <= applied)
        )
        if pending:
            names = ", ".join(f"{app}.{name}" for app, name in pending[:5])
            self.fail(f"migraties ontbreken / migrations missing: {names}")
        else:
            self.ok("geen openstaande migraties", "no pending migrations")

    def _counts(self, scratch, manifest, *, strict):
        with scratch.cursor() as cursor:
            restored = backup.table_counts(cursor.cursor)
        wrong = _differ(manifest["row_counts"], restored)
        if wrong:
            self.fail(f"rijen wijken af van de back-up / rows differ: {wrong}")
        else:
            self.ok(
                f"{len(restored)} tabellen, {sum(restored.values())} rijen",
                "rows as backed up",
            )
        with connections[backup.owner_alias()].cursor() as cursor:
            live = backup.table_counts(cursor.cursor)
        changed = _differ(live, restored)
        if not changed:
            self.ok("gelijk aan de live database", "same as the live database")
        elif strict:
            self.fail(f"anders dan de live database / differs from live: {changed}")
        else:
            self.stdout.write(
                f"--  sinds de back-up gewijzigd / changed since the backup: "
                f"{sorted(changed)}"
            )

    def _fields(self, scratch, sample, files):
        checked = 0
        for model in apps.get_models():
            label = model._meta.label_lower
            for field in encrypted_fields(model):
                for value in _sample(scratch, model, field, sample):
                    try:
                        crypto.decrypt(value, f"{label}.{field.name}")
                        checked += 1
                    except crypto.DecryptionError as error:
                        self.fail(str(error))
                        break
            for field in encrypted_file_fields(model):
                context = f"{label}.{field.name}"
                for stored in _sample(scratch, model, field, sample):
                    path = files / stored
                    if not path.is_file():
                        self.fail(f"{context}: a file is missing from the backup")
                        continue
                    try:
                        with path.open("rb") as handle:
                            if isinstance(field, StreamEncryptedFileField):
                                for _piece in crypto.open_stream(handle, context):
                                    pass
                            else:
                                crypto.decrypt_bytes(handle.read(), context)
                        checked += 1
                    except crypto.DecryptionError as error:
                        self.fail(str(error))
        self.ok(
            f"{checked} versleutelde waarden ontsleuteld",
            f"{checked} encrypted values decrypted",
        )

    def _files(self, manifest, file_hashes, files):
        wanted = {
            m["name"]: m["sha256"] for m in manifest["members"] if m["kind"] == "file"
        }
        wrong = sorted(n for n, h in wanted.items() if file_hashes.get(n) != h)
        for name in wrong:
            self.fail(f"{name}: hash")
        for name, digest in file_hashes.items():
            path = files / name.removeprefix("private/")
            if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                self.fail(f"{name}: changed on disk")
        if not wrong:
            self.ok(
                f"{len(wanted)} bestanden teruggezet, hashes kloppen",
                f"{len(wanted)} files restored, hashes match",
            )


def _differ(expected: dict, restored: dict) -> dict:
    """{table: (expected, restored)} of the tables whose row counts differ."""
    return {
        t: (expected.get(t), restored.get(t))
        for t in set(expected) | set(restored)
        if expected.get(t) != restored.get(t)
    }


def _sample(scratch, model, field, sample: int) -> list:
    """Up to ``sample`` non-empty values of ``field``'s column in the restored
    database."""
    qn = scratch.ops.quote_name
    table, column = qn(model._meta.db_table), qn(field.column)
    with scratch.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} "  # noqa: S608 - quoted names only
            f"WHERE {column} <> '' LIMIT %s",
            [sample],
        )
        return [row[0] for row in cursor.fetchall()]
