"""The labels of a model's choice fields, translated once per language.

Django's ``get_FOO_display()`` rebuilds the field's whole choice list on every call
and translates each label to hash it: a field with twelve choices costs twelve
``gettext`` calls for one label. A page with fifty rows (the case page's timeline,
its notes, damages and files) made a few hundred such calls, about a tenth of its
time (issue 17). ``ChoiceLabels`` gives a model the same ``get_FOO_display()``
from a table per field and language, built on first use.
"""

import functools

from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


def choice_labels(field: models.Field) -> dict:
    """``{value: label}`` of ``field``'s choices, in the active language."""
    return _labels(field, get_language())


# Choices are fixed when the code is loaded and translations when the catalogues are,
# so a table per field and language never goes stale.
@functools.cache
def _labels(field: models.Field, language: str | None) -> dict:
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


class ChoiceLabels:
    """A model mixin: ``get_FOO_display()`` of every choice field from
    ``choice_labels`` (the same text as Django's, without translating the whole
    list on each call). Put it before ``models.Model`` in the bases."""

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name, overridden
        value = getattr(self, field.attname)
        try:
            return choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field)
            return choice_labels(field).get(make_hashable(value), value)
