"""Form pieces every app uses: text without NUL bytes, date inputs, dates not in
the future, and a model choice field that reads its choices in one plain query."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 20_000


def no_nul(value: str) -> str:
    if value and "\x00" in value:
        raise forms.ValidationError(
            _("The text contains a character that is not allowed.")
        )
    return value


class CleanTextMixin:
    """Refuse NUL bytes in every text field: PostgreSQL cannot store them."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(
                    name, _("The text contains a character that is not allowed.")
                )
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def not_in_future_date(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date lies in the future."))
    return value


def not_in_future(value):
    if value and value > timezone.now():
        raise forms.ValidationError(_("This moment lies in the future."))
    return value


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        listed = getattr(self.field, "listed", None)
        for obj in self.queryset if listed is None else listed:
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` whose choices are its queryset itself: one plain query,
    kept in the queryset's result cache, instead of ``queryset.iterator()``, which on
    PostgreSQL opens a server-side cursor (three round trips for a short list).

    A form may set ``listed``, the queryset's rows read already (a prepared read,
    ``core.prepared``), for the options; a submitted value is still validated against
    the queryset."""

    listed = None

    iterator = ListedChoiceIterator
