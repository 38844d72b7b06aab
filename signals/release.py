"""From raw counts to a release: every table through ``signals.disclosure``.

A release is what the dashboard shows for one selection and what a report stores: the
parameters, the period, the protected tables (display strings only) and which cells
were suppressed. The raw counts stay in memory; only their digest is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import Province
from signals import constants as sc
from signals import disclosure
from signals.stats import MASK_FIELDS, Counts, Selection, count_persons

TITLES = {
    "category": _("Persons by category"),
    "office": _("Persons by kind of office holder"),
    "province": _("Persons by province"),
    "channel": _("Persons by channel"),
    "perpetrator": _("Persons by kind of perpetrator"),
    "police": _("Persons by police report"),
    "impact": _("Persons by impact"),
    "quarter": _("Persons per quarter"),
}
ORDER = ("quarter", "category", "office", "province", "channel", "perpetrator")
ORDER = (*ORDER, "police", "impact")


@dataclass
class Release:
    selection: Selection
    params: disclosure.Params
    persons_display: str
    tables: list  # of disclosure.Table
    digest: str
    refused: str = ""

    def table(self, key):
        return next(t for t in self.tables if t.key == key)

    def suppressed_cells(self) -> dict:
        return {t.key: t.suppressed_keys for t in self.tables if t.has_suppression}

    def published(self) -> dict:
        return {
            "parameters": self.params.as_dict(),
            "first_quarter": self.selection.first_quarter,
            "last_quarter": self.selection.last_quarter,
            "filters": self.selection.filters,
            "persons": self.persons_display,
            "tables": [t.published() for t in self.tables],
            "suppressed": self.suppressed_cells(),
            "input_digest": self.digest,
            "refused": self.refused,
        }


def province_codes(provinces) -> dict[int, tuple[str, str]]:
    return {p.pk: (p.code, p.name) for p in provinces}


def build_release(
    selection: Selection,
    params: disclosure.Params | None = None,
    provinces=None,
    counts: Counts | None = None,
) -> Release:
    """Count (unless ``counts`` of this selection are given), check the selection
    against differencing, and protect every table. Raises ``disclosure.Refused``
    with a message for the user."""
    params = params or disclosure.Params.from_settings()
    counts = counts or count_persons(selection)
    digest = disclosure.input_digest(
        {"selection": selection.__dict__, "counts": counts.raw(), "params": params}
    )
    disclosure.check_query(
        persons=counts.persons, complement=counts.complement, params=params
    )
    if provinces is None:
        provinces = list(Province.objects.order_by("name"))
    tables = []
    for key in ORDER:
        if key == "quarter":
            items = [
                (q, sc.quarter_label(q), counts.quarter.get(q, 0))
                for q in selection.quarters
            ]
        elif key == "province":
            items = [
                (p.code, p.name, counts.province.get(p.pk, 0))
                for p in provinces
                if p.code in _map_codes() or counts.province.get(p.pk)
            ]
        else:
            choices = MASK_FIELDS[key]
            items = [
                (value, str(label), counts.by_field[key].get(value, 0))
                for value, label in choices.choices
            ]
        tables.append(
            disclosure.protect_table(key, TITLES[key], items, counts.persons, params)
        )
    return Release(
        selection=selection,
        params=params,
        persons_display=disclosure.protect_total(counts.persons, params),
        tables=tables,
        digest=digest,
    )


def _map_codes() -> set[str]:
    from regions.maps import outlines

    return {p["code"] for p in outlines()["provinces"]}


def default_selection(today=None) -> Selection:
    """The last eight quarters up to and including the current one."""
    today = today or timezone.localdate()
    last = sc.quarter_of_date(today)
    return Selection(first_quarter=last - 7, last_quarter=last)
