"""Backups against the real PostgreSQL: `manage.py backup` writes an encrypted dump
of the database and the private files; `manage.py restore_check` restores it into a
scratch database and checks migrations, row counts, encrypted fields and files."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ambassadors.models import Application, Vacancy
from ambassadors.services import application_submit
from core import backup, crypto
from core.models import TaskLease
from tests.factories import NoteFactory

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "owner"]
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n"
SECRET = "Bedreigd via een fictief bericht"


@pytest.fixture
def backups(tmp_path, settings, monkeypatch):
    private = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {**settings.STORAGES["private"]["OPTIONS"], "location": private},
        },
    }
    monkeypatch.setattr(
        Application._meta.get_field("cv"), "storage", FileSystemStorage(private)
    )
    settings.KLANKBORD_BACKUP_DIR = str(tmp_path / "backups")
    settings.KLANKBORD_BACKUP_KEY = backup.new_backup_key()
    settings.KLANKBORD_BACKUP_KEEP = 2
    return tmp_path


@pytest.fixture
def world(case, advisor, region):
    NoteFactory(case=case, author=advisor, text=SECRET)
    vacancy = Vacancy.objects.create(
        region=region,
        title="Regioambassadeur",
        description="Fictief.",
        closes_on=timezone.localdate() + timedelta(days=7),
    )
    application_submit(
        vacancy=vacancy,
        data={
            "first_name": "Fictieve",
            "last_name": "Sollicitant",
            "email": "sollicitant@example.org",
            "phone": "",
            "motivation": "Een fictieve motivatie",
        },
        cv=SimpleUploadedFile("cv.pdf", PDF + b"fictief cv"),
    )
    return case


def _run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("role", ["owner", "default"])
def test_backup_then_restore_check_passes(backups, world, settings, role):
    settings.KLANKBORD_BACKUP_DATABASE = role
    out, _err = _run("backup")
    assert "backup written" in out
    [written] = backup.list_backups()
    data = written.read_bytes()
    assert data.startswith(b"kbs1:backup-")  # sealed under the backup key
    assert SECRET.encode() not in data
    assert b"Sollicitant" not in data  # plain columns too: the dump is sealed
    assert b"PGDMP" not in data
    assert not list(Path(backups / "backups").glob(".*partial"))

    out, err = _run("restore_check", "--strict")
    assert "restore check passed" in out, out + err
    assert "no pending migrations" in out
    assert "1 files restored, hashes match" in out
    assert "same as the live database" in out
    assert "encrypted values decrypted" in out
    decrypted = int(out.split(" encrypted values decrypted")[0].rsplit(" ", 1)[-1])
    assert decrypted >= 3  # the note, the motivation, the CV at least
    # The scratch database is gone again.
    with backup.pg_connect(backup.owner_settings(), "postgres") as admin:
        names = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'kb_restore_check%%'"
        ).fetchall()
    assert names == []


def test_restore_check_fails_on_a_wrong_key_a_tampered_file_or_a_changed_table(
    backups, world, settings
):
    _run("backup")
    [written] = backup.list_backups()
    good_key = settings.KLANKBORD_BACKUP_KEY

    settings.KLANKBORD_BACKUP_KEY = backup.new_backup_key()
    with pytest.raises(CommandError):
        _run("restore_check")
    settings.KLANKBORD_BACKUP_KEY = good_key

    # Rows written since the backup: reported, a failure only with --strict.
    TaskLease.objects.create(task="t", key="k", expires_at=timezone.now())
    out, _err = _run("restore_check")
    assert "changed since the backup" in out
    with pytest.raises(CommandError):
        _run("restore_check", "--strict")

    # Field keys lost or replaced: the encrypted values do not decrypt.
    settings.KLANKBORD_ENCRYPTION_KEYS = f"other:{crypto.new_key()}"
    settings.KLANKBORD_ENCRYPTION_KEY_ID = "other"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("restore_check", stdout=io.StringIO(), stderr=err)
    assert "cannot decrypt a value of cases.note.text" in err.getvalue()
    assert "cannot decrypt a file of ambassadors.application.cv" in err.getvalue()


def test_a_flipped_byte_is_refused(backups, world):
    _run("backup")
    [written] = backup.list_backups()
    data = bytearray(written.read_bytes())
    data[len(data) // 2] ^= 1
    written.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        _run("restore_check")


def test_keeps_the_newest_generations(backups, settings):
    for _ in range(3):
        _run("backup")
    kept = backup.list_backups()
    assert len(kept) == 2
    assert kept == sorted(kept)


def test_without_a_key_there_is_no_backup(backups, settings):
    settings.KLANKBORD_BACKUP_KEY = ""
    with pytest.raises(CommandError):
        _run("backup")
    assert backup.list_backups() == []


def test_beat_backs_up_once_a_day(backups):
    from core.tasks import backup as beat_backup

    first = beat_backup()
    assert first
    assert beat_backup() == ""  # a second copy of the day's message
    assert [str(p) for p in backup.list_backups()] == [first]
