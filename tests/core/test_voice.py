import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core import voice

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("nl", "6 dec. 2026"), ("en", "6 Dec 2026")],
)
def test_list_date(lang, expected):
    with translation.override(lang):
        assert voice.list_date(datetime.date(2026, 12, 6)) == expected


def test_page_datetime_is_local_time():
    # 13:05 UTC is 14:05 in Amsterdam in winter.
    moment = datetime.datetime(2026, 12, 6, 13, 5, tzinfo=UTC)
    with translation.override("nl"):
        assert voice.page_datetime(moment) == "6 december 2026, 14:05"
    with translation.override("en"):
        assert voice.page_datetime(moment) == "6 December 2026, 14:05"


def test_list_date_of_a_late_evening_moment_is_the_local_day():
    moment = datetime.datetime(2026, 10, 30, 23, 30, tzinfo=UTC)  # 31 Oct 00:30 local
    with translation.override("nl"):
        assert voice.list_date(moment) == "31 okt. 2026"
        assert voice.page_date(moment) == "31 oktober 2026"


def test_empty_values_render_nothing():
    assert voice.list_date(None) == ""
    assert voice.page_datetime(None) == ""


def test_filters():
    template = Template("{% load voice %}{{ d|list_date }}|{{ d|page_date }}")
    with translation.override("nl"):
        out = template.render(Context({"d": datetime.date(2026, 3, 1)}))
    assert out == "1 mrt. 2026|1 maart 2026"
