"""Evidence on a case: files checked by content, sealed in chunks in the private
storage, read only by the case's advisors and the ambassador who accepted it (each
download in the access log), in the AVG export, purged with the case, re-encrypted by
key rotation, and never half-saved."""

import io
import itertools
import json
import os
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from cases import constants as c
from cases import workflow
from cases.models import Case, CaseFile
from cases.services import files as service
from cases.services.case import case_close
from core import crypto
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import fresh

pytestmark = pytest.mark.django_db

SENTINEL = "BEWIJS-SENTINEL-9c2e"


def stored_files(location):
    return sorted(p for p in location.rglob("*") if p.is_file())


def png(size=(40, 30), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A photo whose EXIF holds a camera, an owner and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Fictieve Camera"  # Make
    exif[0x013B] = "Gerda Raadslid"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 5.0, 30.0)
    gps[3] = "E"
    gps[4] = (4.0, 53.0, 12.0)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(
        out, format="JPEG", exif=exif.tobytes()
    )
    return out.getvalue()


EML = (
    b"Received: from mail.example.org\r\n"
    b"From: Onbekende <anoniem@example.org>\r\n"
    b"To: Gerda Raadslid <gerda@example.org>\r\n"
    b"Subject: Pas maar op\r\n"
    b"  (vervolg van het onderwerp)\r\n"
    b"Date: Mon, 2 Nov 2026 10:00:00 +0100\r\n"
    b"\r\n"
    b"We weten waar u woont.\r\n"
)
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # noqa: E501
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256))


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 0, 255)).save(out, format="WEBP")
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def add(case, by, name="bewijs.png", data=None, **kwargs):
    return service.file_add(
        case=case,
        by=fresh(by),
        upload=upload(name, png() if data is None else data),
        description=kwargs.pop("description", "Het dreigbericht."),
        **kwargs,
    )


# --- what a file is ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("foto.png", png(), c.FileKind.PNG),
        ("foto.jpg", jpeg_with_gps(), c.FileKind.JPEG),
        ("anim.gif", GIF, c.FileKind.GIF),
        ("foto.webp", webp(), c.FileKind.WEBP),
        ("foto.heic", HEIC, c.FileKind.HEIC),
        ("brief.pdf", PDF, c.FileKind.PDF),
        ("mail.eml", EML, c.FileKind.EML),
        ("notitie.txt", "Via WhatsApp: ‘ik weet je adres’.\n".encode(), "txt"),
        # The name does not count: a PNG called .pdf is a PNG, an e-mail called
        # .txt an e-mail.
        ("aangifte.pdf", png(), c.FileKind.PNG),
        ("mail.txt", EML, c.FileKind.EML),
    ],
)
def test_the_type_is_decided_by_the_content(name, data, kind):
    assert service.sniff(upload(name, data)) == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("foto.png", EXE),  # a program called .png
        ("archief.zip", b"PK\x03\x04" + bytes(200)),
        ("leeg.txt", b""),
        ("binair.txt", bytes(range(256))),
        ("latin1.txt", "caf\xe9".encode("latin-1")),
        ("nul.txt", b"tekst\x00met een NUL"),
        # Header-like text without an empty line, or without From: not an e-mail,
        # and not text either when it holds a control character.
        ("half.eml", b"From: a@example.org\x01\r\nSubject: x"),
    ],
)
def test_anything_else_is_refused(name, data):
    with pytest.raises(ValidationError):
        service.sniff(upload(name, data))


def test_a_program_renamed_png_is_refused_on_the_page_in_dutch(
    client, case, advisor, private_dir
):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:file_add", args=[case.pk]),
        {"upload": upload("foto.png", EXE), "description": "Foto"},
    )
    assert response.status_code == 400
    assert "Dit soort bestand kan niet worden toegevoegd" in response.content.decode()
    assert not CaseFile.objects.exists()
    assert stored_files(private_dir) == []


def test_a_png_renamed_pdf_is_stored_and_served_as_a_png(case, advisor, private_dir):
    case_file = add(case, advisor, name="aangifte.pdf", data=png())
    assert case_file.kind == c.FileKind.PNG
    assert case_file.name == "aangifte.png"
    assert case_file.content_type == "image/png"


def test_a_damaged_image_is_refused_and_nothing_is_kept(case, advisor, private_dir):
    damaged = png()[:40]  # a PNG header and no picture
    with pytest.raises(ValidationError):
        add(case, advisor, data=damaged)
    assert not CaseFile.objects.exists()
    assert stored_files(private_dir) == []


def test_the_uploaded_name_loses_its_path_and_controls():
    assert service.safe_name("..\\..\\etc/pass\x00wd.exe", c.FileKind.PDF) == (
        "passwd.pdf"
    )
    assert service.safe_name("", c.FileKind.TEXT).endswith(".txt")


# --- size --------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused(case, advisor, private_dir, settings):
    settings.KLANKBORD_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        add(case, advisor, name="groot.txt", data=b"a" * 1025)
    assert "upload" in error.value.message_dict
    assert add(case, advisor, name="klein.txt", data=b"a" * 1024).size == 1024


def test_an_oversized_body_is_refused_before_it_is_read(
    client, case, advisor, private_dir, settings
):
    settings.KLANKBORD_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(advisor)
    response = client.post(
        reverse("cases:file_add", args=[case.pk]),
        {"upload": upload("groot.txt", b"a" * 200_000), "description": "Groot"},
    )
    assert response.status_code == 400
    assert "groter dan" in response.content.decode()
    assert not CaseFile.objects.exists()


# --- encryption at rest --------------------------------------------------------------


def test_the_storage_holds_only_sealed_bytes_under_random_names(
    case, advisor, private_dir
):
    text = f"Dreigbrief {SENTINEL}\n".encode() * 5000  # several chunks
    case_file = add(
        case,
        advisor,
        name=f"brief-{SENTINEL}.txt",
        data=text,
        description=f"Beschrijving {SENTINEL}",
    )
    files = stored_files(private_dir)
    assert len(files) == 1
    data = files[0].read_bytes()
    assert data.startswith(b"kbs1:" + crypto.active_key_id().encode() + b":")
    assert SENTINEL.encode() not in data
    assert b"Dreigbrief" not in data
    assert SENTINEL not in str(files[0])
    assert "brief" not in str(files[0])
    assert case_file.content.read_plain() == text
    # The name and description are encrypted in the database.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, description, content FROM cases_casefile WHERE id = %s",
            [case_file.pk],
        )
        row = cursor.fetchone()
    assert all(SENTINEL not in value for value in row)


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 48, 49])
def test_the_chunked_format_round_trips(size):
    plain = os.urandom(size)
    pieces = [plain[i : i + 5] for i in range(0, size, 5)]
    sealed = b"".join(crypto.seal_stream(pieces, "x.y.z", chunk_size=16))
    assert b"".join(crypto.open_stream(io.BytesIO(sealed), "x.y.z")) == plain


def sealed_parts(plain, chunk_size=16):
    parts = list(crypto.seal_stream([plain], "x.y.z", chunk_size=chunk_size))
    return parts[0], parts[1:]


def opens(data, context="x.y.z"):
    return b"".join(crypto.open_stream(io.BytesIO(data), context))


def test_a_tampered_reordered_cut_or_extended_file_does_not_open():
    header, chunks = sealed_parts(os.urandom(40))  # chunks of 16, 16, 8
    assert len(chunks) == 3
    whole = header + b"".join(chunks)
    flipped = bytearray(whole)
    flipped[len(header) + 3] ^= 1
    attacks = {
        "bit flipped": bytes(flipped),
        "chunks swapped": header + chunks[1] + chunks[0] + chunks[2],
        "last chunk dropped": header + chunks[0] + chunks[1],
        "chunk repeated": header + chunks[0] + chunks[0] + chunks[1] + chunks[2],
        "chunk appended": whole + chunks[0],
        "empty body": header,
        "other header": sealed_parts(os.urandom(40))[0] + b"".join(chunks),
        "chunk size changed": header[:-4] + (32).to_bytes(4, "big") + b"".join(chunks),
    }
    refused = []
    for attack, data in attacks.items():
        try:
            opens(data)
        except crypto.DecryptionError:
            refused.append(attack)
    assert refused == list(attacks)
    with pytest.raises(crypto.DecryptionError):
        opens(whole, context="another.model.field")
    assert len(opens(whole)) == 40


def test_sealing_is_streamed_not_held_whole():
    def endless():
        while True:
            yield b"x" * 1000

    sealed = crypto.seal_stream(endless(), "x.y.z", chunk_size=4096)
    # An endless input still gives its first sealed chunks: nothing waits for the end.
    first = list(itertools.islice(sealed, 4))
    assert first[0].startswith(b"kbs1:")
    assert [len(p) for p in first[1:]] == [4096 + 16] * 3


# --- who reads a file ----------------------------------------------------------------


@pytest.fixture
def world(accepted_case, advisor, private_dir):
    """A file with a thumbnail on a case the ambassador accepted."""
    return add(accepted_case, advisor, data=png())


ALLOWED = {"advisor", "colleague_advisor", "ambassador"}


@pytest.mark.parametrize(
    "person",
    [
        "anonymous",
        "advisor",
        "colleague_advisor",
        "other_org_advisor",
        "ambassador",
        "other_ambassador",
        "staff_user",
        "functional_admin",
        "privacy_officer",
        "superuser",
    ],
)
@pytest.mark.parametrize("url_name", ["cases:file_download", "cases:file_thumbnail"])
def test_only_the_cases_advisors_and_accepting_ambassador_read_a_file(
    request, client, world, person, url_name, organisation
):
    from tests.factories import UserFactory

    if person == "colleague_advisor":
        # Another advisor of the case's organisation: the case is theirs too.
        client.force_login(fresh(UserFactory(advisor=True, organisation=organisation)))
    elif person != "anonymous":
        user = request.getfixturevalue(person)
        client.force_login(fresh(getattr(user, "user", user)))
    before = AuditEvent.objects.count()
    response = client.get(reverse(url_name, args=[world.pk]))
    if person in ALLOWED:
        assert response.status_code == 200
        assert AuditEvent.objects.count() == before + 1
    elif person == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 404, person
        assert AuditEvent.objects.count() == before


def test_an_offered_ambassador_does_not_see_the_files(
    client, handed_case, advisor, ambassador, private_dir
):
    case_file = add(handed_case, advisor, description=f"Beschrijving {SENTINEL}")
    client.force_login(fresh(ambassador.user))
    for name in ("cases:file_download", "cases:file_thumbnail"):
        assert client.get(reverse(name, args=[case_file.pk])).status_code == 404
    page = client.get(reverse("cases:detail", args=[handed_case.pk]))
    assert page.status_code == 200
    assert SENTINEL not in page.content.decode()
    assert reverse("cases:file_download", args=[case_file.pk]) not in (
        page.content.decode()
    )
    response = client.post(
        reverse("cases:file_add", args=[handed_case.pk]),
        {"upload": upload("x.png", png()), "description": "x"},
    )
    assert response.status_code == 403
    assert CaseFile.objects.count() == 1


def test_a_revoked_handoff_consent_ends_the_ambassadors_access(
    client, world, advisor, ambassador
):
    from cases.services.consent import consent_revoke

    consent = world.case.consents.get(purpose=c.ConsentPurpose.HANDOFF)
    consent_revoke(consent=consent, by=fresh(advisor), reason="Ingetrokken.")
    client.force_login(fresh(ambassador.user))
    url = reverse("cases:file_download", args=[world.pk])
    assert client.get(url).status_code == 404


def test_the_download_is_an_attachment_not_cached_not_sniffed_and_logged(
    client, world, ambassador
):
    user = fresh(ambassador.user)
    client.force_login(user)
    response = client.get(reverse("cases:file_download", args=[world.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="bewijs.png"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png()
    event = AuditEvent.objects.filter(actor=user).latest("pk")
    assert (event.action, event.detail, event.object_id) == (
        AuditAction.EXPORT,
        "download",
        world.pk,
    )


def test_a_tampered_stored_file_is_not_served(client, world, advisor, private_dir):
    path = private_dir / world.content.name
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    client.force_login(fresh(advisor))
    response = client.get(reverse("cases:file_download", args=[world.pk]))
    assert response.status_code == 404


# --- the thumbnail -------------------------------------------------------------------


def test_the_thumbnail_carries_no_exif_or_gps(client, case, advisor, private_dir):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:  # the test photo has them
        assert image.getexif().get_ifd(0x8825)
        assert image.getexif()[0x013B] == "Gerda Raadslid"
    case_file = add(case, advisor, name="foto.jpg", data=original)
    thumbnail = case_file.thumbnail.read_plain()
    assert b"Exif" not in thumbnail
    assert b"Gerda" not in thumbnail
    assert b"Fictieve" not in thumbnail
    with Image.open(io.BytesIO(thumbnail)) as image:
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert "icc_profile" not in image.info
    # Sealed in the storage, too.
    path = private_dir / case_file.thumbnail.name
    assert path.read_bytes().startswith(b"kb1:")
    client.force_login(fresh(advisor))
    response = client.get(reverse("cases:file_thumbnail", args=[case_file.pk]))
    assert response.content == thumbnail
    assert response["X-Content-Type-Options"] == "nosniff"
    # The original is kept as it is: it is the evidence.
    assert case_file.content.read_plain() == original


def test_a_pdf_has_no_thumbnail(case, advisor, private_dir):
    case_file = add(case, advisor, name="brief.pdf", data=PDF)
    assert not case_file.thumbnail
    assert len(stored_files(private_dir)) == 1


# --- the case page and the form ------------------------------------------------------


def test_the_case_page_lists_the_files_with_who_added_them(
    client, world, advisor, ambassador
):
    advisor.first_name, advisor.last_name = "Anouk", "Jansen"
    advisor.save()
    client.force_login(fresh(ambassador.user))
    page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Bestanden" in page
    assert "Het dreigbericht." in page
    assert "Anouk Jansen (vertrouwenspersoon)" in page
    assert reverse("cases:file_download", args=[world.pk]) in page
    assert reverse("cases:file_thumbnail", args=[world.pk]) in page
    assert 'enctype="multipart/form-data"' in page
    # The page is a read of the file (the list shows its description).
    assert AuditEvent.objects.filter(
        object_type="casefile", object_id=world.pk, action="view"
    ).exists()


def test_the_ambassador_uploads_and_is_named_as_ambassador(
    client, accepted_case, ambassador, private_dir
):
    client.force_login(fresh(ambassador.user))
    response = client.post(
        reverse("cases:file_add", args=[accepted_case.pk]),
        {
            "upload": upload("mail.eml", EML),
            "description": "De e-mail",
            "shown_on": "2026-11-02",
        },
    )
    assert response.status_code == 302
    case_file = CaseFile.objects.get()
    assert (case_file.kind, case_file.added_as, str(case_file.shown_on)) == (
        c.FileKind.EML,
        c.Actor.AMBASSADOR,
        "2026-11-02",
    )
    assert AuditEvent.objects.filter(
        object_type="casefile", action=AuditAction.CREATE
    ).exists()


def test_bad_form_input_is_a_dutch_message_and_nothing_is_saved(
    client, case, advisor, private_dir
):
    client.force_login(fresh(advisor))
    url = reverse("cases:file_add", args=[case.pk])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    for data in (
        {},
        {"description": "Zonder bestand"},
        {"upload": upload("x.png", png()), "description": ""},
        {"upload": upload("x.png", png()), "description": "x", "shown_on": future},
        {"upload": upload("x.png", png()), "description": "a\x00b"},
        {"upload": upload("x.png", png()), "description": "x" * 1001},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
    assert not CaseFile.objects.exists()
    assert stored_files(private_dir) == []


def test_no_file_is_added_to_a_closed_case(case, advisor, private_dir):
    case_close(case=case, by=fresh(advisor), outcome="Klaar.")
    with pytest.raises(ValidationError):
        add(Case.objects.get(pk=case.pk), advisor)
    assert stored_files(private_dir) == []


@pytest.mark.parametrize("state", ["new", "offered", "accepted", "closed"])
def test_the_page_offers_the_upload_exactly_when_the_service_allows_it(
    request, case, advisor, private_dir, state
):
    if state == "closed":
        case_close(case=case, by=fresh(advisor), outcome="Klaar.")
    elif state != "new":
        fixture = "accepted_case" if state == "accepted" else "handed_case"
        request.getfixturevalue(fixture)
    subject = Case.objects.get(pk=case.pk)
    for person in ("advisor", "other_org_advisor", "ambassador", "other_ambassador"):
        user = request.getfixturevalue(person)
        user = fresh(getattr(user, "user", user))
        offered = "file_add" in workflow.allowed_actions(user, subject)
        try:
            with transaction.atomic():
                add(subject, user)
                raise RuntimeError("rollback")
        except RuntimeError:
            succeeded = True
        except (PermissionDenied, ValidationError):
            succeeded = False
        assert (person, offered) == (person, succeeded)


# --- never half-saved ----------------------------------------------------------------


def test_a_failure_while_storing_leaves_no_row_and_no_file(
    case, advisor, private_dir, monkeypatch
):
    from core.fields import EncryptedFieldFile

    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    # The content is stored, then the thumbnail fails.
    monkeypatch.setattr(EncryptedFieldFile, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        add(case, advisor, data=png())
    assert not CaseFile.objects.exists()
    assert stored_files(private_dir) == []


def test_a_failure_half_way_through_the_content_leaves_no_file(
    case, advisor, private_dir, monkeypatch
):
    def broken(chunks, context, **kwargs):
        yield b"kbs1:half"
        raise OSError("disk full")

    monkeypatch.setattr(crypto, "seal_stream", broken)
    with pytest.raises(OSError, match="disk full"):
        add(case, advisor, name="brief.pdf", data=PDF)
    assert not CaseFile.objects.exists()
    assert stored_files(private_dir) == []


# --- the AVG export, the purge, key rotation -----------------------------------------


def test_the_avg_export_is_a_zip_with_the_manifest_and_the_files(
    client, world, advisor, office_holder
):
    pdf = add(world.case, advisor, name="aangifte.pdf", data=PDF, description="PV")
    client.force_login(fresh(advisor))
    response = client.post(
        reverse("security_case:subject_access", args=[office_holder.pk]),
        {"reason": "Inzageverzoek per e-mail"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(archive.read("inzage.json"))
    listed = {f["file"]: f for f in manifest["cases"][0]["files"]}
    assert set(listed) == {service.archive_name(world), service.archive_name(pdf)}
    assert archive.read(service.archive_name(world)) == png()
    assert archive.read(service.archive_name(pdf)) == PDF
    assert listed[service.archive_name(pdf)]["description"] == "PV"
    assert set(archive.namelist()) == {"inzage.json", *listed}
    # Each file is an export in the access log.
    assert (
        AuditEvent.objects.filter(
            object_type="casefile", action=AuditAction.EXPORT
        ).count()
        == 2
    )


def test_without_files_the_avg_export_stays_json(client, case, advisor, office_holder):
    client.force_login(fresh(advisor))
    response = client.post(
        reverse("security_case:subject_access", args=[office_holder.pk]),
        {"reason": "Inzageverzoek"},
    )
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["cases"][0]["files"] == []


def test_the_retention_purge_deletes_the_files_with_the_case(
    world, advisor, private_dir, django_capture_on_commit_callbacks
):
    from security import retention

    assert len(stored_files(private_dir)) == 2  # the file and its thumbnail
    Case.objects.filter(pk=world.case.pk).update(
        status=c.Status.CLOSED, closed_at=timezone.now() - timedelta(days=3000)
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = retention.purge()
    assert counts["closed_cases"] == 1
    assert not CaseFile.objects.exists()
    assert stored_files(private_dir) == []


def test_rotation_reencrypts_the_files_and_they_still_read(
    world, private_dir, settings, django_capture_on_commit_callbacks
):
    big = b"regel\n" * (crypto.STREAM_CHUNK_BYTES // 2)  # several chunks
    second = add(world.case, world.added_by, name="groot.txt", data=big)
    old_names = set(map(str, stored_files(private_dir)))
    settings.KLANKBORD_ENCRYPTION_KEYS = (
        f"rot2:{crypto.new_key()},{settings.KLANKBORD_ENCRYPTION_KEYS}"
    )
    settings.KLANKBORD_ENCRYPTION_KEY_ID = "rot2"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_encryption_key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    files = stored_files(private_dir)
    assert len(files) == 3
    assert not old_names & set(map(str, files))  # the old files are gone
    for path in files:
        data = path.read_bytes()
        assert data.startswith((b"kbs1:rot2:", b"kb1:rot2:"))
    world.refresh_from_db()
    second.refresh_from_db()
    assert world.content.read_plain() == png()
    assert second.content.read_plain() == big
    with Image.open(io.BytesIO(world.thumbnail.read_plain())) as image:
        assert image.format == "JPEG"
    # Idempotent: a second run rewrites nothing.
    from core.fields import reencrypt_files

    assert reencrypt_files(CaseFile) == 0


# The loop the files table was written with before ``file_rows``.
FILE_ROWS_LOOP = """{% load i18n voice %}{% for file in files %}
    <tr class="utrecht-table__row">
      <th class="utrecht-table__header-cell" scope="row">
        {% if file.thumbnail %}<img class="kb-thumbnail" src="{% url 'cases:file_thumbnail' file.pk %}" alt="{% blocktranslate with name=file.name %}Thumbnail of {{ name }}{% endblocktranslate %}" loading="lazy">{% endif %}
        <a class="utrecht-link" href="{% url 'cases:file_download' file.pk %}" download>{% blocktranslate with name=file.name %}Download {{ name }}{% endblocktranslate %}</a>
        <span class="kb-muted">({{ file.get_kind_display }}, {{ file.size|filesizeformat }})</span>
      </th>
      <td class="utrecht-table__cell kb-text" data-label="{% translate 'Description' %}">{{ file.description|linebreaksbr }}</td>
      <td class="utrecht-table__cell" data-label="{% translate 'Date of what it shows' %}">{{ file.shown_on|list_date|default:"–" }}</td>
      <td class="utrecht-table__cell" data-label="{% translate 'Added by' %}">{{ file.added_by.get_full_name|default:_("a former user") }} ({% if file.added_as == "ambassador" %}{% translate "ambassador" %}{% else %}{% translate "confidential advisor" %}{% endif %}), {{ file.added_at|list_date }}, {{ file.added_at|time:"H:i" }}</td>
    </tr>
{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_file_rows_tag_writes_what_the_template_loop_wrote(language, advisor):
    """Byte for byte: with and without a thumbnail, a date or the person who added
    it (a removed account, an account without a name), markup escaped everywhere."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from django.contrib.auth.models import User
    from django.template import Context, Template

    nameless = User(pk=999, username="zonder.naam")
    files = [
        CaseFile(
            pk=1,
            kind=c.FileKind.PNG,
            size=123_456,
            thumbnail="thumbs/a.png",
            name='<b>bewijs</b> "1".png',
            description="Regel <één>\nRegel twee & drie",
            shown_on=date(2026, 3, 1),
            added_by=advisor,
            added_as=c.Actor.ADVISOR,
            added_at=datetime(2026, 7, 1, 22, 59, tzinfo=ZoneInfo("UTC")),
        ),
        CaseFile(
            pk=2,
            kind=c.FileKind.PDF,
            size=12,
            name="brief.pdf",
            description="",
            added_by=None,
            added_as=c.Actor.AMBASSADOR,
            added_at=datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")),
        ),
        CaseFile(
            pk=3,
            kind=c.FileKind.TEXT,
            size=5_000_000_000,
            name="x.txt",
            description="x",
            added_by=nameless,
            added_as=c.Actor.AMBASSADOR,
            added_at=datetime(2026, 1, 1, 0, 0, tzinfo=ZoneInfo("UTC")),
        ),
    ]
    with translation.override(language):
        old = Template(FILE_ROWS_LOOP).render(Context({"files": files}))
        new = Template("{% load case_page %}{% file_rows files %}").render(
            Context({"files": files})
        )
    assert "&lt;b&gt;bewijs&lt;/b&gt;" in new
    assert new == old


def test_the_empty_file_form_is_rendered_once_per_language():
    """The case page's "add a file" form is the same for everyone, so it is rendered
    once per language: the same HTML as rendering it afresh, in that language."""
    from django.template.loader import render_to_string

    from cases.forms.files import CaseFileForm, blank_form_html

    pages = {}
    for language in ("nl", "en", "nl"):
        with translation.override(language):
            fresh_html = render_to_string(
                "cases/_partials/file_form_fields.html", {"file_form": CaseFileForm()}
            )
            assert blank_form_html() == fresh_html
            pages[language] = blank_form_html()
    assert pages["nl"] != pages["en"]
    assert 'name="upload"' in pages["nl"]
