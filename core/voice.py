"""One voice for dates: one formatter per context, in the active language.

- ``list_date``: in lists, tables and cards — "6 dec. 2026" (English "6 Dec 2026");
- ``page_date``: on pages — "6 december 2026";
- ``page_datetime``: on pages — "6 december 2026, 14:05" (local time).

Templates use the filters of the same names (``{% load voice %}``); Python code
(e-mails, exports) calls these functions. Month names are written out here rather
than taken from Django's formats, whose Dutch abbreviations are inconsistent
("maart" next to "jan.").
"""

import datetime

from django.utils import timezone
from django.utils.translation import get_language

_SHORT = {
    "nl": [
        "jan.",
        "feb.",
        "mrt.",
        "apr.",
        "mei",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "okt.",
        "nov.",
        "dec.",
    ],
    "en": [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ],
}
_LONG = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def list_date(value) -> str:
    day = _date(value)
    if day is None:
        return ""
    return f"{day.day} {_SHORT[_lang()][day.month - 1]} {day.year}"


def page_date(value) -> str:
    day = _date(value)
    if day is None:
        return ""
    return f"{day.day} {_LONG[_lang()][day.month - 1]} {day.year}"


def page_datetime(value) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return page_date(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    # The local day (a date: ``page_date`` does not convert it a second time).
    return f"{page_date(value.date())}, {value:%H:%M}"
