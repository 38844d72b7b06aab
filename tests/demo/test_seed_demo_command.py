"""The seed_demo command, from an empty database."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.seeders.accounts import PASSWORD
from regions.services import load_reference_data

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_summary(capsys):
    load_reference_data()
    call_command("seed_demo")
    assert "Demo data: 12 users, 6 ambassadors" in capsys.readouterr().out


def test_the_command_prints_the_logins_without_seeding(capsys):
    call_command("seed_demo", "--logins-only")
    out = capsys.readouterr().out
    assert "beheer.smit" in out
    assert PASSWORD in out
    assert not User.objects.filter(username="beheer.smit").exists()


def test_seed_demo_needs_the_reference_data():
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("seed_demo")
    assert not User.objects.filter(username__in=["vp.jansen", "beheer.smit"]).exists()
