"""Evidence on a case: screenshots, letters, e-mails, PDFs, photos, police reports.

Invariants:
- the type is decided by the content, never by the name or the browser's content
  type (``sniff``); anything else is refused before anything is stored;
- the bytes are sealed in chunks in the private storage (``core.crypto.seal_stream``)
  under a random name; an image's thumbnail is made from the pixels only (no EXIF,
  GPS or other metadata) and sealed too;
- a file that fails half-way leaves nothing behind: no row and no stored file;
- the stored files go with the row: ``file_remove_stored`` after the case's purge.
"""

import codecs
import logging
import re
import unicodedata
import warnings
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cases import constants as c
from cases import permissions
from cases.models import Case, CaseFile
from cases.permissions import Action
from cases.services.common import require_open
from core.audit import audit
from core.constants import AuditAction

logger = logging.getLogger(__name__)

K = c.FileKind
THUMBNAIL_PIXELS = 320
# Beyond this many pixels an image is kept without a thumbnail rather than decoded
# (a decompression bomb, or a very large photo). JPEG decodes at 1/8 scale (draft).
MAX_DECODE_PIXELS = 40_000_000
MAX_JPEG_PIXELS = 8 * 8 * MAX_DECODE_PIXELS
HEAD_BYTES = 64 * 1024
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# RFC 5322 header field names, and the fields an e-mail begins with.
HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
# Control characters no text file holds (tab, line feed, form feed, return allowed).
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
EMAIL_FIELDS = {b"from", b"to", b"subject", b"date", b"message-id", b"received"}


def refused_type() -> ValidationError:
    return ValidationError(
        _(
            "This kind of file cannot be added. Add a photo or screenshot (PNG, JPEG, "
            "GIF, WebP, HEIC), a PDF, an e-mail (.eml) or a text file."
        ),
        code="file_type",
    )


def too_large() -> ValidationError:
    return ValidationError(
        _("The file is larger than %(size)s MB.")
        % {"size": settings.KLANKBORD_ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        code="file_size",
    )


# --- what a file is --------------------------------------------------------------


def _chunks(upload):
    upload.seek(0)
    yield from upload.chunks()
    upload.seek(0)


def _is_text(upload) -> bool:
    """UTF-8 (or plain ASCII) text without NUL or other control characters, read
    chunk by chunk."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(upload):
            if CONTROL.search(decoder.decode(chunk)):
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _is_email(upload, head: bytes) -> bool:
    """RFC 822/5322 text: header lines (or folded continuations) up to an empty
    line, among them From and another field an e-mail begins with; no NUL bytes."""
    end = re.search(rb"\r?\n\r?\n", head)
    if end is None:
        return False
    fields = set()
    for line in re.split(rb"\r?\n", head[: end.start()]):
        if line[:1] in (b" ", b"\t") and fields:
            continue  # a folded header line
        if not HEADER_LINE.match(line):
            return False
        fields.add(line.split(b":", 1)[0].lower())
    if b"from" not in fields or len(fields & EMAIL_FIELDS) < 2:
        return False
    return not any(b"\x00" in chunk for chunk in _chunks(upload))


def sniff(upload) -> str:
    """The ``FileKind`` of ``upload``, decided by its content alone; raises
    ``ValidationError`` for anything else."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return K.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return K.JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return K.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return K.WEBP
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return K.HEIC
    if head.startswith(b"%PDF-"):
        return K.PDF
    if _is_email(upload, head):
        return K.EML
    if head and _is_text(upload):
        return K.TEXT
    raise refused_type()


def thumbnail_of(upload, kind: str) -> bytes | None:
    """A small JPEG of an image, made from its pixels only: the EXIF (with GPS),
    XMP, ICC and comments of the original are not carried over. None when there is
    none to make (HEIC, or an image too large to decode safely). Raises
    ``ValidationError`` when the image does not decode: it is not what it claims."""
    if kind not in c.IMAGE_FILE_KINDS or kind == K.HEIC:
        return None
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                limit = MAX_JPEG_PIXELS if kind == K.JPEG else MAX_DECODE_PIXELS
                if width * height > limit:
                    return None
                image.draft("RGB", (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
                # The orientation is applied before the metadata goes.
                image = ImageOps.exif_transpose(image)
                image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
                rgba = image.convert("RGBA")
    except (
        OSError,
        ValueError,
        SyntaxError,
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise ValidationError(
            _("This image is damaged or incomplete and cannot be added."),
            code="file_damaged",
        ) from error
    finally:
        upload.seek(0)
    # A new image holding only the pixels: nothing of the original's metadata.
    clean = Image.new("RGB", rgba.size, (255, 255, 255))
    clean.paste(rgba, mask=rgba.getchannel("A"))
    out = BytesIO()
    clean.save(out, format="JPEG", quality=80)
    return out.getvalue()


def safe_name(name: str, kind: str) -> str:
    """The uploaded name without a path or control characters, at most 100
    characters, with the extension of what the file is."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" .")[:100] or _("file")
    return f"{stem}.{c.FILE_KIND_TYPES[kind][0]}"


# --- adding and removing ---------------------------------------------------------


def remove_stored(names) -> None:
    storage = CaseFile._meta.get_field("content").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("A case file could not be removed from the storage.")


@transaction.atomic
def file_add(*, case: Case, by, upload, description: str, shown_on=None) -> CaseFile:
    """Add ``upload`` to ``case``: checked (size, type by content, an image that
    decodes), sealed into the private storage with its thumbnail, recorded with who
    added it and in which capacity, and logged. On any failure nothing is kept: the
    stored files are removed and the transaction is rolled back."""
    actor = permissions.require(by, Action.FILE_ADD, case)
    require_open(case)
    if upload is None:
        raise ValidationError({"upload": _("Choose a file.")})
    if upload.size > settings.KLANKBORD_ATTACHMENT_MAX_BYTES:
        raise ValidationError({"upload": too_large()})
    if shown_on is not None and shown_on > timezone.localdate():
        raise ValidationError({"shown_on": _("This date lies in the future.")})
    try:
        kind = sniff(upload)
        thumbnail = thumbnail_of(upload, kind)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    case_file = CaseFile(
        case=case,
        kind=kind,
        size=upload.size,
        name=safe_name(upload.name, kind),
        description=(description or "").strip(),
        shown_on=shown_on,
        added_by=by,
        added_as=actor,
    )
    case_file.full_clean(exclude=["content", "thumbnail"])
    try:
        case_file.content.save("file", upload, save=False)
        if thumbnail is not None:
            case_file.thumbnail.save("thumbnail", ContentFile(thumbnail), save=False)
        case_file.save()
        audit(by, AuditAction.CREATE, case_file, kind)
    except BaseException:
        remove_stored(case_file.stored_names())
        raise
    return case_file


def stored_names_of_cases(case_ids) -> list[str]:
    """The storage names of every file of these cases (for the retention purge,
    which removes them once the rows are gone)."""
    names = []
    for content, thumbnail in CaseFile.objects.filter(case_id__in=case_ids).values_list(
        "content", "thumbnail"
    ):
        names += [n for n in (content, thumbnail) if n]
    return names


def remove_stored_after_commit(names) -> None:
    """Remove these stored files once the transaction that deleted their rows has
    committed (a rollback keeps the rows, so the files stay too)."""
    names = list(names)
    if names:
        transaction.on_commit(lambda: remove_stored(names))


def open_plain(case_file: CaseFile):
    """The file's content, chunk by chunk, each checked before it is handed out."""
    return case_file.content.plain_chunks()


def thumbnail_bytes(case_file: CaseFile) -> bytes:
    return case_file.thumbnail.read_plain()


# --- the AVG export -------------------------------------------------------------


def archive_name(case_file: CaseFile) -> str:
    """Where a file sits in the AVG export's ZIP: per case, numbered, by its
    (cleaned) name."""
    reference = re.sub(r"[^A-Za-z0-9._-]", "_", case_file.case.reference)
    return f"bestanden/{reference}/{case_file.pk}-{case_file.name}"


class _Sink:
    """A write-only, unseekable file for ``zipfile``: what is written is handed on
    by ``drain`` (so the ZIP is streamed, never held whole)."""

    def __init__(self):
        self._parts = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def zip_stream(manifest: bytes, case_files):
    """A ZIP, piece by piece: ``inzage.json`` (the export, the manifest of the files
    included) and each file's plain content at its ``archive_name``. Nothing is
    written to disk; each file is decrypted chunk by chunk as the ZIP is sent."""
    import zipfile

    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inzage.json", manifest)
        yield sink.drain()
        for case_file in case_files:
            info = zipfile.ZipInfo(archive_name(case_file))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as entry:
                for chunk in case_file.content.plain_chunks():
                    entry.write(chunk)
                    yield sink.drain()
            yield sink.drain()
    yield sink.drain()
