"""``get_FOO_display()`` from a table per field and language (core.choices): the same
text as Django's own, without translating the whole choice list on every call."""

from unittest import mock

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from cases import constants as c
from cases.models import Damage, Note
from core.choices import ChoiceLabels


def labelled_fields():
    for model in apps.get_models():
        if issubclass(model, ChoiceLabels):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


def test_the_case_page_models_use_the_table():
    labelled = {model.__name__ for model, _field in labelled_fields()}
    assert {
        "Case",
        "Note",
        "Damage",
        "AdvisorAction",
        "CaseFile",
        "Consent",
    } <= labelled


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_label_is_djangos_own(language):
    with translation.override(language):
        for model, field in labelled_fields():
            for value, _label in field.flatchoices:
                row = model(**{field.attname: value})
                own = models.Model._get_FIELD_display(row, field)
                assert getattr(row, f"get_{field.name}_display")() == own, (
                    model,
                    field.name,
                    value,
                )
            # A value outside the choices is shown as it is, as Django does.
            row = model(**{field.attname: "zz-unknown"})
            assert getattr(row, f"get_{field.name}_display")() == "zz-unknown"


def test_the_label_follows_the_language():
    note = Note(kind=c.NoteKind.CONTACT, contact_mode=c.ContactMode.PHONE)
    with translation.override("en"):
        english = note.get_contact_mode_display()
    with translation.override("nl"):
        dutch = note.get_contact_mode_display()
    assert english != dutch


def test_a_label_costs_no_translation_once_the_table_is_made():
    damage = Damage(kind=c.DamageKind.OTHER)
    with translation.override("nl"):
        damage.get_kind_display()
        with mock.patch(
            "django.utils.translation.trans_real.gettext", wraps=lambda s: s
        ) as gettext:
            for _ in range(10):
                damage.get_kind_display()
    assert gettext.call_count == 0
