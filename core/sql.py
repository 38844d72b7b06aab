"""The SQL that migrations run, read from files beside each app.

Triggers and functions live in ``<app>/sql/<migration number>_<subject>.sql``, where a
reader of the models can find them (each model a trigger guards names its file), and
each ``RunSQL`` pairs a forward file with a ``.reverse.sql`` file.

The rule: a file is frozen with the migration whose number it carries. A migration
loads only the files it was written against: its own, and for a reverse that restores
an earlier version of a function, its own ``.reverse.sql`` holding that version (never
"the current file"). So a migration means today what it meant when it was written,
and a database built from the history is the same whenever it is built. To change a
function or trigger, add a migration and a new file with that migration's number: for
each subject, the file with the highest number is the definition in force.

Each call names the file's digest, which makes the rule mechanical: once a frozen file
is edited, the migrations that load it refuse to run (the message gives both digests)
instead of quietly building new databases differently from the ones already migrated.
When writing a new migration, pass ``digest=""`` once and copy the digest from the
error.

Migrations import nothing else from the application; this module imports nothing from
it either.
"""

from hashlib import sha256
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class FrozenSQLChanged(RuntimeError):
    """A SQL file that a migration pinned has been edited since."""


def sql_digest(text: str) -> str:
    """The digest a migration pins for a file's text (16 hex digits of SHA-256)."""
    return sha256(text.encode("utf-8")).hexdigest()[:16]


def load_sql(app: str, name: str, *, digest: str) -> str:
    """The text of ``<app>/sql/<name>``, checked against the ``digest`` the calling
    migration was written against."""
    path = ROOT / app / "sql" / name
    # Text mode reads CRLF checkouts as LF: the digest is of the SQL, not the bytes.
    text = path.read_text(encoding="utf-8")
    actual = sql_digest(text)
    if actual != digest:
        raise FrozenSQLChanged(
            f"{app}/sql/{name} has digest {actual}, but its migration was written "
            f"against {digest or 'nothing yet'}. A SQL file loaded by a migration is "
            "frozen: restore it, and put a change in a new migration with its own file."
        )
    return text
