"""Fixtures for the ambassador-network tests."""

import io
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from ambassadors.models import Application, Vacancy
from core.constants import Role
from tests.factories import UserFactory, fresh


@pytest.fixture
def coordinator(organisation):
    return fresh(UserFactory(staff=True, organisation=organisation))


@pytest.fixture
def selection_member(organisation):
    return fresh(UserFactory(roles=[Role.SELECTION], organisation=organisation))


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    """CVs go to a temporary private directory for the test."""
    location = tmp_path / "private"
    storage = FileSystemStorage(location=location)
    monkeypatch.setattr(Application._meta.get_field("cv"), "storage", storage)
    return location


@pytest.fixture
def vacancy(region):
    return Vacancy.objects.create(
        region=region,
        title="Regioambassadeur Testregio",
        description="Fictief.",
        closes_on=timezone.localdate() + timezone.timedelta(days=7),
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()
