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

from django import template
from django.template.defaultfilters import (
    filesizeformat,
    linebreaks_filter,
    linebreaksbr,
)
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
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
                f'<div class="kb-text">{linebreaks_filter(entry.text)}</div>'
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
    rows = []
    for case_file in files:
        thumbnail = ""
        if case_file.thumbnail:
            thumbnail = format_html(
                '<img class="kb-thumbnail" src="{}" alt="{}" loading="lazy">',
                thumbnail_url(case_file.pk),
                _named(gettext("Thumbnail of %(name)s"), case_file.name),
            )
        added_by = case_file.added_by.get_full_name() if case_file.added_by else ""
        rows.append(
            format_html(
                FILE_ROW,
                thumbnail,
                download_url(case_file.pk),
                _named(gettext("Download %(name)s"), case_file.name),
                case_file.get_kind_display(),
                filesizeformat(case_file.size),
                gettext("Description"),
                linebreaksbr(case_file.description),
                gettext("Date of what it shows"),
                voice.list_date(case_file.shown_on) or "\N{EN DASH}",
                gettext("Added by"),
                added_by or gettext("a former user"),
                gettext("ambassador")
                if case_file.added_as == "ambassador"
                else gettext("confidential advisor"),
                voice.list_date(case_file.added_at),
                f"{template_localtime(case_file.added_at):%H:%M}",
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part is escaped by format_html


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
    for note in notes:
        author = note.author
        if note.kind == "contact":
            label = gettext("Contact")
            mode = format_html("({}) ", note.get_contact_mode_display())
            when = voice.page_datetime(note.contact_at)
        else:
            label, mode, when = (
                gettext("Note"),
                "",
                voice.page_datetime(note.created_at),
            )
        items.append(
            format_html(
                NOTE,
                label,
                mode,
                when,
                (author.get_full_name() or author.username)
                if author
                # The loop this replaced failed on a removed account (a 500).
                else gettext("a removed account"),
                linebreaks_filter(note.text),
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - every part is escaped by format_html
