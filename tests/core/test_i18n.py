"""Dutch first, English second: every string in the code has a Dutch translation."""

import re
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"


def project_source_dirs(root: Path) -> list[str]:
    """Every app of this project (not installed packages), config and templates."""
    local = {
        Path(app.path).name
        for app in apps.get_app_configs()
        if Path(app.path).parent == root
    }
    return sorted(local | {"config", "templates"})


def untranslated(po_text: str) -> list[str]:
    """The msgids of entries that are fuzzy or have an empty translation."""
    missing = []
    for block in po_text.split("\n\n"):
        if 'msgid ""\nmsgstr ""\n"Project' in block or "msgid " not in block:
            continue  # the header
        translations = re.split(r"^msgstr(?:\[\d\])? ", block, flags=re.M)[1:]
        if "#, fuzzy" in block or any(t.strip() == '""' for t in translations):
            missing.append(block)
    return missing


def test_dutch_catalogue_has_no_untranslated_or_fuzzy_entries():
    text = (LOCALE / "nl" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert untranslated(text) == []


def test_every_string_in_the_code_is_in_the_dutch_catalogue(
    tmp_path, settings, monkeypatch
):
    """Re-extract the strings in a copy of the project (makemessages writes next to the
    sources): a new string without a Dutch translation fails this test."""
    root = Path(settings.BASE_DIR)
    real_catalogue = (LOCALE / "nl" / "LC_MESSAGES" / "django.po").read_text()
    for name in project_source_dirs(root):
        shutil.copytree(root / name, tmp_path / name)
    shutil.copytree(LOCALE, tmp_path / "locale")
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["nl"], no_obsolete=True, verbosity=0)
    text = (tmp_path / "locale" / "nl" / "LC_MESSAGES" / "django.po").read_text()
    assert untranslated(text) == []
    assert (LOCALE / "nl" / "LC_MESSAGES" / "django.po").read_text() == real_catalogue


def test_compiled_catalogue_is_used(client, db):
    response = client.get(reverse("login"))
    assert '<html lang="nl">' in response.content.decode()
    assert "Inloggen" in response.content.decode()


def test_english_is_available(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Log in" in content


@pytest.mark.parametrize("language", ["nl", "en"])
def test_accessibility_statement_exists(client, db, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "(WCAG) 2.1" in response.content.decode()


def test_browser_language_does_not_override_dutch(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()
