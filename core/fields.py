"""Model fields that keep their content encrypted at rest (``core.crypto``): text in
the database, and files in their storage."""

import os

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import models
from django.db.models.fields.files import FieldFile

from core import crypto


class EncryptedTextField(models.TextField):
    """A TextField stored as AES-256-GCM ciphertext with a key id.

    Python code sees plain text; the database, its dumps and backups see only
    ``kb1:<key id>:...``. The empty string stays empty (an optional field left blank).
    It cannot be searched or sorted in SQL: filter on other fields. Values written
    before encryption was switched on read as they are until the data migration (or
    ``rotate_encryption_key``) has encrypted them."""

    description = "Text, encrypted at rest"

    # Ciphertext has a random nonce: only "is it empty" can be asked in SQL. Pattern
    # lookups (contains, startswith, ...) would silently search the ciphertext.
    _LOOKUPS = frozenset({"exact", "isnull"})

    def get_lookup(self, lookup_name):
        if lookup_name not in self._LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value, self.context())

    def from_db_value(self, value, expression, connection):
        if crypto.is_encrypted(value):
            return crypto.decrypt(value, self.context())
        return value


class EncryptedCharField(EncryptedTextField):
    """A short encrypted text (a name, a reference): the column is ``text`` because
    ciphertext is longer than the plain value; ``max_length`` is checked by the form
    and the model's validation, which also render it as a one-line input."""

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class EncryptedFieldFile(FieldFile):
    """A file whose bytes are sealed in the storage (``crypto.encrypt_bytes``). Read
    the content with ``read_plain()``; ``open()`` gives the sealed bytes."""

    def context(self) -> str:
        return f"{self.field.model._meta.label_lower}.{self.field.name}"

    def save(self, name, content, save=True):
        content.seek(0)
        sealed = crypto.encrypt_bytes(content.read(), self.context())
        super().save(name, ContentFile(sealed), save=save)

    def read_plain(self) -> bytes:
        """The plain content. A file stored before encryption was switched on reads
        as it is until the data migration (or ``rotate_encryption_key``) sealed it."""
        with self.storage.open(self.name, "rb") as handle:
            data = handle.read()
        if crypto.is_encrypted_bytes(data):
            return crypto.decrypt_bytes(data, self.context())
        return data


class EncryptedFileField(models.FileField):
    """A FileField whose stored bytes are AES-256-GCM sealed with the key ring of the
    encrypted text fields; the database holds the (random) file name only."""

    attr_class = EncryptedFieldFile
    description = "File, encrypted at rest"

    def resealed(self, storage, name: str, context: str, *, to_plain: bool = False):
        """What to store instead of the file ``name`` so that it is under the active
        key (or plain, ``to_plain``); None when it is so already."""
        with storage.open(name, "rb") as handle:
            data = handle.read()
        sealed = crypto.is_encrypted_bytes(data)
        if to_plain:
            if not sealed:
                return None
            return ContentFile(crypto.decrypt_bytes(data, context))
        if crypto.key_id_of_bytes(data) == crypto.active_key_id():
            return None
        plain = crypto.decrypt_bytes(data, context) if sealed else data
        return ContentFile(crypto.encrypt_bytes(plain, context))


class StreamContent(File):
    """Content for ``Storage.save`` that is produced piece by piece (an iterable of
    bytes) and never held whole in memory."""

    def __init__(self, pieces, name=None):
        super().__init__(None, name)
        self._pieces = pieces

    def chunks(self, chunk_size=None):
        yield from self._pieces

    def multiple_chunks(self, chunk_size=None):
        return True

    def close(self):
        close = getattr(self._pieces, "close", None)
        if close is not None:
            close()


class StreamEncryptedFieldFile(FieldFile):
    """A file sealed in chunks in its storage (``crypto.seal_stream``): written and
    read piece by piece. ``open()`` gives the sealed bytes; ``plain_chunks()`` the
    content, each chunk checked before it is handed out."""

    def context(self) -> str:
        return f"{self.field.model._meta.label_lower}.{self.field.name}"

    def save(self, name, content, save=True):
        content.seek(0)
        sealed = StreamContent(
            crypto.seal_stream(content.chunks(), self.context()), name
        )
        # A name nothing holds yet: on failure, what is under it is this half file.
        name = self.storage.get_available_name(
            self.field.generate_filename(self.instance, name),
            max_length=self.field.max_length,
        )
        try:
            self.name = self.storage.save(
                name, sealed, max_length=self.field.max_length
            )
        except BaseException:
            if self.storage.exists(name):
                self.storage.delete(name)
            raise
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()

    save.alters_data = True

    def plain_chunks(self):
        """The plain content, chunk by chunk (a generator that closes the file)."""
        with self.storage.open(self.name, "rb") as handle:
            yield from crypto.open_stream(handle, self.context())

    def read_plain(self) -> bytes:
        """The whole plain content: for small files and tests only."""
        return b"".join(self.plain_chunks())


class StreamEncryptedFileField(EncryptedFileField):
    """A FileField for large files, sealed in chunks (``crypto.seal_stream``) with
    the same key ring: a file of any size is written, read and re-encrypted without
    holding it in memory."""

    attr_class = StreamEncryptedFieldFile
    description = "Large file, encrypted at rest in chunks"

    def resealed(self, storage, name: str, context: str, *, to_plain: bool = False):
        with storage.open(name, "rb") as handle:
            head = handle.read(len(crypto.STREAM_PREFIX) + 80)
        sealed = crypto.is_stream_sealed(head)
        if to_plain and not sealed:
            return None
        if not to_plain and crypto.stream_key_id(head) == crypto.active_key_id():
            return None

        def pieces():
            with storage.open(name, "rb") as handle:
                if sealed:
                    plain = crypto.open_stream(handle, context)
                else:
                    plain = iter(lambda: handle.read(crypto.STREAM_CHUNK_BYTES), b"")
                yield from plain if to_plain else crypto.seal_stream(plain, context)

        return StreamContent(pieces())


def encrypted_file_fields(model) -> list[EncryptedFileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedFileField)]


def reencrypt_files(model, *, to_plain: bool = False) -> int:
    """Give every stored file of ``model``'s encrypted file fields the active key:
    plain files (from before encryption) are sealed, files under an older key are
    sealed again. Each file is written under a new name first, the row points to it
    in a transaction that holds the row lock, and the old file is deleted after the
    commit: a crash leaves an orphaned old file, never a row without its file.
    Idempotent. Returns the number of files rewritten. ``to_plain`` unseals instead
    (reversing the data migration)."""
    from django.db import transaction

    fields = encrypted_file_fields(model)
    rewritten = 0
    for field in fields:
        context = f"{model._meta.label_lower}.{field.name}"
        pks = list(
            model._base_manager.exclude(**{field.attname: ""})
            .exclude(**{f"{field.attname}__isnull": True})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in pks:
            with transaction.atomic():
                # The file's name only: the row's other fields stay undecrypted.
                row = (
                    model._base_manager.select_for_update()
                    .only("pk", field.attname)
                    .filter(pk=pk)
                    .first()
                )
                name = getattr(row, field.attname).name if row else ""
                if not name:
                    continue
                storage = getattr(row, field.attname).storage
                try:
                    content = field.resealed(storage, name, context, to_plain=to_plain)
                except FileNotFoundError:
                    continue
                if content is None:
                    continue
                # A fresh name from the field (a random one for CVs), not the old
                # one with a suffix that would grow with each rotation.
                fresh_name = storage.get_available_name(
                    field.generate_filename(row, os.path.basename(name)),
                    max_length=field.max_length,
                )
                try:
                    new_name = storage.save(fresh_name, content)
                except BaseException:
                    # A file that failed half-way (a chunk that does not decrypt)
                    # leaves nothing behind; the row keeps its old file.
                    if storage.exists(fresh_name):
                        storage.delete(fresh_name)
                    raise
                model._base_manager.filter(pk=pk).update(**{field.attname: new_name})
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
                rewritten += 1
    return rewritten


def reencrypt_files_operation(app_label: str, *model_names: str):
    """A migration operation that seals the stored files of these models' encrypted
    file fields (``reencrypt_files``), and unseals them when migrating back."""
    from django.db import migrations

    def seal(apps, schema_editor):
        for name in model_names:
            reencrypt_files(apps.get_model(app_label, name))

    def unseal(apps, schema_editor):
        for name in model_names:
            reencrypt_files(apps.get_model(app_label, name), to_plain=True)

    return migrations.RunPython(seal, unseal)


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def reencrypt_table(
    model,
    *,
    connection=None,
    batch_size: int = 500,
    to_plain: bool = False,
    only: frozenset[str] | None = None,
) -> int:
    """Give every stored value of ``model``'s encrypted fields the active key: plain
    values (from before encryption) are encrypted, values under an older key are
    re-encrypted. Works on the raw column values in SQL (no ``save()``: no signals,
    no ``auto_now``), one batch per transaction. Idempotent. Returns the number of
    values rewritten. ``to_plain`` decrypts instead (reversing the data migration);
    ``only`` limits the work to these field names."""
    from django.db import connection as default_connection
    from django.db import transaction

    connection = connection or default_connection
    fields = [f for f in encrypted_fields(model) if only is None or f.name in only]
    if not fields:
        return 0
    active = crypto.active_key_id()
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    columns = ", ".join(qn(f.column) for f in fields)
    rewritten, last_pk = 0, None
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cur:
            where = f"WHERE {pk} > %s " if last_pk is not None else ""
            params = [last_pk] if last_pk is not None else []
            cur.execute(
                f"SELECT {pk}, {columns} FROM {table} {where}"  # noqa: S608
                f"ORDER BY {pk} LIMIT %s FOR UPDATE",
                [*params, batch_size],
            )
            rows = cur.fetchall()
            for row in rows:
                changes = {}
                for field, raw in zip(fields, row[1:], strict=True):
                    if raw in (None, "") or (
                        crypto.key_id_of(raw) == active and not to_plain
                    ):
                        continue
                    if to_plain and not crypto.is_encrypted(raw):
                        continue
                    context = f"{model._meta.label_lower}.{field.name}"
                    plain = (
                        crypto.decrypt(raw, context)
                        if crypto.is_encrypted(raw)
                        else raw
                    )
                    changes[field.column] = (
                        plain if to_plain else crypto.encrypt(plain, context)
                    )
                if changes:
                    sets = ", ".join(f"{qn(col)} = %s" for col in changes)
                    cur.execute(
                        f"UPDATE {table} SET {sets} WHERE {pk} = %s",  # noqa: S608
                        [*changes.values(), row[0]],
                    )
                    rewritten += len(changes)
        if len(rows) < batch_size:
            return rewritten
        last_pk = rows[-1][0]


def reencrypt_operation(app_label: str, *model_names: str, fields=None):
    """A migration operation that encrypts the stored values of these models' encrypted
    fields (``reencrypt_table``), and decrypts them again when migrating back. Use it in
    a non-atomic migration: each batch commits on its own, a rerun finishes the job.
    ``fields`` (model name -> field names) limits both directions to the fields the
    migration makes encrypted: migrating back must not decrypt the fields an earlier
    migration encrypted."""
    from django.db import migrations

    def only(name):
        return frozenset(fields[name]) if fields is not None else None

    def encrypt(apps, schema_editor):
        for name in model_names:
            reencrypt_table(
                apps.get_model(app_label, name),
                connection=schema_editor.connection,
                only=only(name),
            )

    def decrypt(apps, schema_editor):
        for name in model_names:
            reencrypt_table(
                apps.get_model(app_label, name),
                connection=schema_editor.connection,
                to_plain=True,
                only=only(name),
            )

    return migrations.RunPython(encrypt, decrypt)


def user_reference(verbose_name, *, blank: bool = False):
    """The user who did something (recorded, revoked, decided …). The row stays when
    the account is deleted (the reference becomes empty), and a user has no reverse
    accessor for it."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
        verbose_name=verbose_name,
    )
