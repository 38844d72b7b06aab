"""Rows of the case page written in Python: the timeline's entries, the notes and
the files.

A case with sixty entries spent about 15 ms in the template loop of its timeline
(five variables, two filters and a condition per entry, each a template node), and
its files and notes another 10: about a third of the page, whose time should be at
most three times its SQL (issue 17). Each tag writes the same HTML as the loop it
replaced, with the same functions (``test_timeline.py``, ``test_case_page.py`` and
``test_files.py`` in ``tests/cases`` render both and compare them byte for byte).
"""

import html
import re

from django import template
from django.template.defaultfilters import (
    filesizeformat,
    floatformat,
    linebreaks_filter,
    linebreaksbr,
)
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from core import voice

register = template.Library()

ENTRY = (
    '\n  <li class="kb-timeline__entry" data-kind="{}">\n'
    '    <span class="kb-timeline__meta"><time datetime="{}">{}</time>'
    " \N{MIDDLE DOT} {} \N{MIDDLE DOT} {}</span>\n"
    '    <p class="utrecht-paragraph">{}</p>\n'
    "    {}\n  </li>\n  "
)


def _escape(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper (sixty entries call it
    seven times each): safe strings as they are, the rest through ``html.escape``,
    as Django's ``escape`` does."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def _paragraphs(text) -> str:
    """``{{ text|linebreaks }}``, without the lazy-string wrappers of its four
    helpers: ``<p>`` per paragraph, ``<br>`` per line, escaped."""
    if hasattr(text, "__html__"):  # safe text: Django's filter leaves it unescaped
        return linebreaks_filter(text)
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(
        f"<p>{html.escape(paragraph).replace(chr(10), '<br>')}</p>"
        for paragraph in _PARAGRAPH_BREAK.split(text)
    )


@register.simple_tag
def timeline_items(entries):
    """The ``<li>`` of each entry (``cases.timeline.Entry``): when (ISO 8601 and as
    the page writes it), its kind, who, the sentence, and what was written."""
    items = []
    for entry in entries:
        at = template_localtime(entry.at)
        items.append(
            ENTRY.format(
                _escape(entry.kind),
                at.isoformat(),
                _escape(voice.page_datetime(at)),
                _escape(entry.kind_label),
                _escape(entry.who),
                _escape(entry.title),
                f'<div class="kb-text">{_paragraphs(entry.text)}</div>'
                if entry.text
                else "",
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - every part is escaped above


FILE_ROW = (
    '\n    <tr class="utrecht-table__row">\n'
    '      <th class="utrecht-table__header-cell" scope="row">\n'
    "        {}\n"
    '        <a class="utrecht-link" href="{}" download>{}</a>\n'
    '        <span class="kb-muted">({}, {})</span>\n'
    "      </th>\n"
    '      <td class="utrecht-table__cell kb-text" data-label="{}">{}</td>\n'
    '      <td class="utrecht-table__cell" data-label="{}">{}</td>\n'
    '      <td class="utrecht-table__cell" data-label="{}">{} ({}), {}, {}</td>\n'
    "    </tr>\n"
)


def _name(user, removed: str) -> str:
    """A person's full name, else their username; ``removed`` for an account that
    is gone (the template loops these tags replaced failed on one: a 500)."""
    return (user.get_full_name() or user.username) if user else removed


def _named(translated: str, name: str) -> str:
    """A ``blocktranslate with name=…``: the translation (a literal ``gettext`` at the
    call, so makemessages finds it), the name escaped in it."""
    return mark_safe(translated % {"name": conditional_escape(name)})  # noqa: S308


# A pk no row has, to find where a URL takes its pk.
_PK = 2_147_483_647


def _urls(name: str):
    """``pk -> reverse(name, args=[pk])``, reversed once for all rows of a table."""
    before, after = reverse(name, args=[_PK]).split(str(_PK), 1)
    return lambda pk: f"{before}{pk}{after}"


@register.simple_tag
def file_rows(files):
    """The table row of each file on the case (``CaseFile``, with ``added_by``):
    its thumbnail and download link, kind and size, description, the date of what
    it shows, and who added it as what, and when."""
    thumbnail_url = _urls("cases:file_thumbnail")
    download_url = _urls("cases:file_download")
    # The same words on every row: translated once.
    thumbnail_of = gettext("Thumbnail of %(name)s")
    download = gettext("Download %(name)s")
    labels = [
        _escape(label)
        for label in (
            gettext("Description"),
            gettext("Date of what it shows"),
            gettext("Added by"),
        )
    ]
    former = gettext("a former user")
    added_as = {
        "ambassador": gettext("ambassador"),
        "": gettext("confidential advisor"),
    }
    rows = []
    for case_file in files:
        thumbnail = ""
        if case_file.thumbnail:
            src = _escape(thumbnail_url(case_file.pk))
            alt = _escape(_named(thumbnail_of, case_file.name))
            thumbnail = (
                f'<img class="kb-thumbnail" src="{src}" alt="{alt}" loading="lazy">'
            )

        added_by = case_file.added_by.get_full_name() if case_file.added_by else ""
        rows.append(
            FILE_ROW.format(
                thumbnail,
                _escape(download_url(case_file.pk)),
                _escape(_named(download, case_file.name)),
                _escape(case_file.get_kind_display()),
                _escape(filesizeformat(case_file.size)),
                labels[0],
                linebreaksbr(case_file.description),
                labels[1],
                _escape(voice.list_date(case_file.shown_on) or "\N{EN DASH}"),
                labels[2],
                _escape(added_by or former),
                _escape(added_as.get(case_file.added_as, added_as[""])),
                _escape(voice.list_date(case_file.added_at)),
                f"{template_localtime(case_file.added_at):%H:%M}",
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part is escaped above


NOTE = (
    "\n    <li>\n"
    '      <p class="kb-muted">{} {}{} \N{EN DASH} {}</p>\n'
    '      <div class="kb-text">{}</div>\n'
    "    </li>\n    "
)


@register.simple_tag
def note_items(notes):
    """The ``<li>`` of each note (``Note``, with ``author``): a note or a contact
    (how, and when it was), who wrote it, and the text."""
    items = []
    contact, note_label = gettext("Contact"), gettext("Note")
    removed = gettext("a removed account")
    for note in notes:
        if note.kind == "contact":
            label = contact
            mode = f"({_escape(note.get_contact_mode_display())}) "
            when = voice.page_datetime(note.contact_at)
        else:
            label, mode, when = note_label, "", voice.page_datetime(note.created_at)
        items.append(
            NOTE.format(
                _escape(label),
                mode,
                _escape(when),
                _escape(_name(note.author, removed)),
                _paragraphs(note.text),
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - every part is escaped above


ADVISOR_ACTION = (
    "\n    <li>\n"
    '      <p class="kb-muted">{} \N{EN DASH} {}</p>\n'
    "      <p><strong>{}</strong>{}{}</p>\n"
    '      <div class="kb-text">{}</div>\n'
    "    </li>\n    "
)


@register.simple_tag
def advisor_action_items(actions):
    """The ``<li>`` of each thing the advisor did (``AdvisorAction``, with
    ``created_by``): when and by whom, its kind, whether both parties agree and
    whether it was done with consent, and the description."""
    # Literal gettext calls (makemessages does not read inside f-strings).
    agree = " ({})".format(_escape(gettext("both parties agree")))
    consented = " ({})".format(_escape(gettext("with consent")))
    removed = gettext("a removed account")
    items = []
    for action in actions:
        items.append(
            ADVISOR_ACTION.format(
                _escape(voice.page_datetime(action.created_at)),
                _escape(_name(action.created_by, removed)),
                _escape(action.get_kind_display()),
                agree if action.both_parties_agree else "",
                consented if action.consent_id else "",
                _paragraphs(action.description),
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - every part is escaped above


DAMAGE_ROW = (
    '\n      <tr class="utrecht-table__row">\n'
    '        <th class="utrecht-table__header-cell" scope="row">{}</th>\n'
    '        <td class="utrecht-table__cell kb-text">{}</td>\n'
    '        <td class="utrecht-table__cell kb-numeric">{}</td>\n'
    '        <td class="utrecht-table__cell kb-numeric">{}</td>\n'
    '        <td class="utrecht-table__cell kb-numeric">{}</td>\n'
    "      </tr>\n    "
)


def _euros(amount, otherwise: str) -> str:
    """``€ 1.234,50`` in the active language's notation, or ``otherwise``."""
    return otherwise if amount is None else f"\N{EURO SIGN} {floatformat(amount, '2g')}"


@register.simple_tag
def damage_rows(damages):
    """The table row of each damage (``Damage``): its kind, description, amount,
    and the compensation claimed and received."""
    not_claimed = _escape(gettext("not claimed"))
    return mark_safe(  # noqa: S308 - every part is escaped
        "".join(
            DAMAGE_ROW.format(
                _escape(damage.get_kind_display()),
                _escape(damage.description or "\N{EN DASH}"),
                _euros(damage.amount, "\N{EN DASH}"),
                _euros(damage.compensation_claimed, not_claimed),
                _euros(damage.compensation_received, "\N{EN DASH}"),
            )
            for damage in damages
        )
    )
