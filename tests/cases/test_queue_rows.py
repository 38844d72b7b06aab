"""The queue's "reported" cell is written by a tag (``cases.templatetags.queue_rows``):
it must give what the template's own filters gave."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone, translation

FILTERS = (
    "<time datetime=\"{{ moment|date:'c' }}\">"
    '{{ moment|list_date }} {{ moment|time:"H:i" }}</time>'
    '<br><span class="kb-muted">{% blocktranslate with age=moment|timesince %}'
    "{{ age }} ago{% endblocktranslate %}</span>"
)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "moment",
    [
        -timedelta(minutes=3),  # a timedelta: from now, when the test runs
        -timedelta(days=40, hours=5, microseconds=123),
        datetime(2024, 3, 31, 0, 59, 59, tzinfo=UTC),  # the night clocks go forward
        datetime(2023, 10, 29, 1, 30, tzinfo=UTC),
        timedelta(hours=1),  # in the future: "0 minutes ago"
    ],
)
def test_reported_cell_is_what_the_filters_gave(language, moment):
    if isinstance(moment, timedelta):
        moment = timezone.now() + moment
    engine = engines["django"]
    by_filters = engine.from_string("{% load i18n voice %}" + FILTERS)
    by_tag = engine.from_string("{% load queue_rows %}{% reported_cell moment %}")
    with translation.override(language):
        assert by_tag.render({"moment": moment}) == by_filters.render(
            {"moment": moment}
        )
