"""The progress dashboard: figures from a known fixture, the paragraph, exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from outreach import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _target(settings):
    settings.KLANKBORD_OUTREACH_TARGET = 16
    settings.KLANKBORD_OUTREACH_TARGET_DATE = "2026-12-31"


def _province(board, code):
    return next(p for p in board.provinces if p.code == code)


def test_figures_per_province_from_known_fixture(country):
    board = selectors.dashboard()
    a, b = _province(board, "PV91"), _province(board, "PV92")
    assert (a.total, a.approached, a.first_talk, a.talks_held) == (8, 6, 3, 2)
    assert (a.waiting, a.not_interested, a.sessions_held, a.trainings) == (2, 1, 1, 2)
    assert a.first_talk_pct == Decimal("37.5")
    assert (b.total, b.approached, b.first_talk) == (12, 12, 10)
    assert b.first_talk_pct == Decimal("83.3")


def test_national_figures_are_the_sum_of_the_provinces(country):
    national = selectors.dashboard().national
    assert (national.total, national.approached, national.first_talk) == (20, 18, 13)
    assert national.first_talk_pct == Decimal("65.0")
    assert (national.waiting, national.not_interested) == (3, 2)


def test_progress_against_the_configured_target_caps_at_hundred(country):
    target = selectors.dashboard().target
    assert (target.count, target.reached, target.remaining) == (16, 18, 0)
    assert target.pct == Decimal("100.0")


def test_province_talks_are_counted_by_status(country):
    board = selectors.dashboard()
    assert (board.talks_held, board.talks_planned) == (1, 1)


def test_paragraph_carries_the_numbers(country):
    with translation.override("nl"):
        text = " ".join(selectors.paragraph(selectors.dashboard()))
    assert "18 van de 20 gemeenten benaderd" in text
    assert "Provincie B 83,3%" in text
    assert "Provincie A 37,5%" in text
    assert "In 13 gemeenten" in text
    assert "Voor 3 gemeenten" in text


def test_dashboard_page_shows_percentages_with_dutch_separator(
    client, coordinator, country
):
    client.force_login(coordinator)
    response = client.get(reverse("outreach:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-pct="PV91">37,5%' in html
    assert 'data-pct="PV92">83,3%' in html
    assert 'data-pct="NL">65%' in html
    assert "style=" not in html


def test_dashboard_query_count_does_not_grow_with_data(
    client, coordinator, country, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        client.get(reverse("outreach:dashboard"))


def test_figures_export_csv(client, coordinator, country):
    client.force_login(coordinator)
    response = client.get(reverse("outreach:figures", args=["csv"]))
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(
        csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    by_code = {row["Provinciecode"]: row for row in rows}
    assert by_code["PV91"]["Eerste gesprek, procent van de gemeenten"] == "37,5"
    assert by_code["NL"]["Benaderd"] == "18"


def test_figures_export_xlsx(client, coordinator, country):
    client.force_login(coordinator)
    response = client.get(reverse("outreach:figures", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    b_row = next(r for r in rows if r[0] == "PV92")
    percent = header.index("Eerste gesprek, procent van de gemeenten")
    assert b_row[percent] == pytest.approx(83.3)
