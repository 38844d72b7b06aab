"""Encrypted backups and their restore check (docs/operations.md, "Back-ups").

A backup is one file, ``klankbord-<UTC time>.kbbak`` in ``KLANKBORD_BACKUP_DIR``:

* the database in PostgreSQL's custom format (``pg_dump -Fc``: compressed), made by
  the owner role (or the application's, ``KLANKBORD_BACKUP_DATABASE``) from a
  snapshot exported by a transaction that also counted every table's rows in that
  same snapshot (the manifest's row counts are exactly the dump's);
* every file of the private storage (CVs, case files: already sealed with the field
  keys), each with its SHA-256;
* a manifest (times, row counts, file hashes).

The whole is one stream, sealed in 64 KiB chunks with AES-256-GCM under the backup
key (``KLANKBORD_BACKUP_KEY``; ``core.crypto.seal_stream``): nothing is held whole in
memory and nothing plain touches the disk. The file is written under a temporary
name and renamed when complete; the newest ``KLANKBORD_BACKUP_KEEP`` are kept.

Inside the seal, the stream is a sequence of frames: ``H`` + length + JSON (a member
starts), ``D`` + length + bytes (its content), ``E`` + length + JSON (it ends, with
its size and hash), ``Z`` (the end). Lengths are 4 bytes, big-endian.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils import timezone

from core import crypto
from core.sql_roles import owner_alias

logger = logging.getLogger(__name__)

CONTEXT = "klankbord backup v1"
SUFFIX = ".kbbak"
PIECE = 256 * 1024


# --- configuration ----------------------------------------------------------------


def backup_dir() -> Path:
    folder = getattr(settings, "KLANKBORD_BACKUP_DIR", "")
    if not folder:
        raise ImproperlyConfigured("KLANKBORD_BACKUP_DIR is not set.")
    return Path(folder)


def backup_keys() -> dict[str, bytes]:
    """The backup key as a ring of one: its id is a fingerprint, so a backup names
    the key it needs without revealing it."""
    encoded = getattr(settings, "KLANKBORD_BACKUP_KEY", "") or ""
    try:
        key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured("KLANKBORD_BACKUP_KEY is not base64.") from error
    if len(key) != 32:
        raise ImproperlyConfigured(
            "KLANKBORD_BACKUP_KEY must be 32 bytes, base64url (manage.py backup "
            "--new-key makes one)."
        )
    fingerprint = hashlib.sha256(b"klankbord backup key|" + key).hexdigest()[:12]
    return {f"backup-{fingerprint}": key}


def private_root() -> Path:
    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def owner_settings() -> dict:
    return connections[owner_alias()].settings_dict


def dump_settings() -> dict:
    """Whom pg_dump connects as: ``KLANKBORD_BACKUP_DATABASE`` ("owner", the
    default, or "default": the application's role, which may read every table, for
    a worker that is not given the owner's password)."""
    alias = getattr(settings, "KLANKBORD_BACKUP_DATABASE", "owner")
    if alias == "owner":
        alias = owner_alias()
    return connections[alias].settings_dict


def pg_env(db: dict) -> dict:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def pg_args(db: dict, name: str | None = None) -> list[str]:
    return [
        "-h",
        db.get("HOST") or "localhost",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db["USER"],
        "-d",
        name or db["NAME"],
    ]


def pg_connect(db: dict, name: str | None = None, **kwargs):
    return psycopg.connect(
        dbname=name or db["NAME"],
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        **kwargs,
    )


def table_counts(cursor) -> dict[str, int]:
    """Rows of every table of the public schema (within the cursor's snapshot)."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            psycopg.sql.SQL("SELECT count(*) FROM {}").format(
                psycopg.sql.Identifier(table)
            )
        )
        counts[table] = cursor.fetchone()[0]
    return counts


# --- frames -----------------------------------------------------------------------


def _frame(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def _member(name: str, kind: str, pieces, manifest: dict) -> Iterator[bytes]:
    digest, size = hashlib.sha256(), 0
    yield _frame(b"H", json.dumps({"name": name, "kind": kind}).encode())
    for piece in pieces:
        if piece:
            digest.update(piece)
            size += len(piece)
            yield _frame(b"D", piece)
    end = {"name": name, "size": size, "sha256": digest.hexdigest()}
    manifest["members"].append({**end, "kind": kind})
    yield _frame(b"E", json.dumps(end).encode())


def _file_pieces(path: Path):
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(PIECE), b"")


# --- backup -----------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    size: int
    tables: int
    seconds: float
    removed: list[Path] = field(default_factory=list)


def _dump_pieces(snapshot: str, db: dict, errors: list):
    dump = subprocess.Popen(  # noqa: S603
        ["pg_dump", "-Fc", "--snapshot", snapshot, *pg_args(db)],  # noqa: S607
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=pg_env(db),
    )
    try:
        yield from iter(lambda: dump.stdout.read(PIECE), b"")
    finally:
        dump.stdout.close()
        stderr = dump.stderr.read().decode(errors="replace")
        if dump.wait() != 0:
            errors.append(f"pg_dump failed: {stderr.strip()[:500]}")


def _plain_stream(snapshot: str, counts: dict, db: dict, errors: list):
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database": db["NAME"],
        "row_counts": counts,
        "members": [],
    }
    yield b"KBBACKUP1\n"
    yield from _member(
        "database.dump", "database", _dump_pieces(snapshot, db, errors), manifest
    )
    root = private_root()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root).as_posix()
            yield from _member(
                f"private/{relative}", "file", _file_pieces(path), manifest
            )
    yield _frame(b"M", json.dumps(manifest).encode())
    yield b"Z"


def list_backups(folder: Path | None = None) -> list[Path]:
    folder = folder or backup_dir()
    return sorted(folder.glob(f"klankbord-*{SUFFIX}")) if folder.is_dir() else []


def make_backup(folder: Path | None = None, keep: int | None = None) -> BackupResult:
    """Write one backup and keep the newest ``keep`` (``KLANKBORD_BACKUP_KEEP``)."""
    started = time.monotonic()
    folder = folder or backup_dir()
    keep = keep if keep is not None else settings.KLANKBORD_BACKUP_KEEP
    keys = backup_keys()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    db = dump_settings()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"klankbord-{stamp}{SUFFIX}"
    partial = folder / f".{final.name}.partial"
    errors: list[str] = []
    # The snapshot the dump and the counts share: held open until pg_dump is done.
    with pg_connect(db, autocommit=False) as holder, holder.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts(cursor)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                for piece in crypto.seal_stream(
                    _plain_stream(snapshot, counts, db, errors), CONTEXT, keys=keys
                ):
                    out.write(piece)
                out.flush()
                os.fsync(out.fileno())
            if errors:
                raise RuntimeError("; ".join(errors))
            os.replace(partial, final)
        finally:
            if partial.exists():
                partial.unlink()
        holder.rollback()
    removed = []
    for old in list_backups(folder)[:-keep] if keep > 0 else []:
        old.unlink()
        removed.append(old)
    return BackupResult(
        path=final,
        size=final.stat().st_size,
        tables=len(counts),
        seconds=time.monotonic() - started,
        removed=removed,
    )


# --- reading a backup -------------------------------------------------------------


class BackupError(Exception):
    """A backup that cannot be read: wrong key, tampered, cut off, unknown format."""


class _Reader:
    """Frames out of the decrypted chunks."""

    def __init__(self, chunks):
        self.chunks = chunks
        self.buffer = bytearray()

    def read(self, size: int) -> bytes:
        while len(self.buffer) < size:
            try:
                self.buffer += next(self.chunks)
            except StopIteration:
                raise BackupError("the backup ends too soon") from None
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def frame(self) -> tuple[bytes, bytes]:
        kind = self.read(1)
        if kind == b"Z":
            return kind, b""
        length = int.from_bytes(self.read(4), "big")
        return kind, self.read(length)


def read_backup(path: Path, on_member):
    """Decrypt ``path`` and hand each member to ``on_member(header, pieces)`` (an
    iterator of its content, to be read to the end); returns the manifest. Checks
    each member's size and hash against the stream's own record of them."""
    keys = backup_keys()
    with path.open("rb") as handle:
        try:
            manifest = None
            reader = _Reader(crypto.open_stream(handle, CONTEXT, keys=keys))
            if reader.read(10) != b"KBBACKUP1\n":
                raise BackupError("not a Klankbord backup")
            while True:
                kind, payload = reader.frame()
                if kind == b"H":
                    header = json.loads(payload)
                    digest, size, state = hashlib.sha256(), 0, {}

                    def pieces(digest=digest, state=state):
                        nonlocal size
                        while True:
                            kind, data = reader.frame()
                            if kind == b"D":
                                digest.update(data)
                                size += len(data)
                                yield data
                            elif kind == b"E":
                                state["end"] = json.loads(data)
                                return
                            else:
                                raise BackupError("a member is cut off")

                    on_member(header, pieces())
                    end = state.get("end")
                    if end is None:
                        for _rest in pieces():
                            pass
                        end = state["end"]
                    if end["sha256"] != digest.hexdigest() or end["size"] != size:
                        raise BackupError(f"{header['name']}: hash does not match")
                elif kind == b"M":
                    manifest = json.loads(payload)
                elif kind == b"Z":
                    if manifest is None:
                        raise BackupError("the manifest is missing")
                    return manifest
                else:
                    raise BackupError("unknown frame")
        except crypto.DecryptionError as error:
            raise BackupError(
                "cannot decrypt (wrong KLANKBORD_BACKUP_KEY, or the file was changed)"
            ) from error


def newest_backup(folder: Path | None = None) -> Path | None:
    backups = list_backups(folder)
    return backups[-1] if backups else None


def new_backup_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def scratch_name() -> str:
    return f"kb_restore_check_{os.getpid()}_{int(time.time())}"


def tempdir(prefix: str) -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix=prefix)
