"""Fixtures for the ambassador-network tests."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from ambassadors.models import Application, Vacancy


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
