"""The police and the damage on a case: what the police advised and what was done
(a reference only for a report that was made), and the damage with its amount (a
decimal comma, stored exactly). Bad input changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Damage, PoliceReport

pytestmark = pytest.mark.django_db

# A date in the future is worked out when the test runs, not when it is collected
# (which may be on the other side of midnight): parameters say TOMORROW.
TOMORROW = "tomorrow"


def dated(data):
    """``data`` with TOMORROW replaced by tomorrow's date."""
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    return {
        key: tomorrow if value == TOMORROW else value for key, value in data.items()
    }


def post(client, name, case_or_pk, data):
    pk = getattr(case_or_pk, "pk", case_or_pk)
    return client.post(reverse(f"cases:{name}", args=[pk]), data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Dit veld is verplicht."),
        ({"advice": "vergeten", "action": "nog-niet"}, "Selecteer een geldige keuze"),
        (
            {"advice": "aangifte", "action": "nog-niet", "police_reference": "PL-1"},
            "Alleen bij een aangifte of melding die is gedaan",
        ),
        (
            {
                "advice": "aangifte",
                "action": "aangifte-gedaan",
                "reported_on": TOMORROW,
            },
            "Deze datum ligt in de toekomst.",
        ),
    ],
)
def test_police_report_with_bad_input_saves_nothing(
    client, advisor, case, data, message
):
    client.force_login(advisor)
    response = post(client, "police", case, dated(data))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PoliceReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Dit veld is verplicht."),
        ({"kind": "materieel", "amount": "-5"}, "minstens 0"),
        ({"kind": "materieel", "amount": "veel"}, "Voer een getal in."),
        ({"kind": "materieel", "amount": "12,345"}, "2 cijfers achter de komma"),
        ({"kind": "materieel", "amount": "99999999999"}, "cijfers"),
        ({"kind": "materieel"}, "Geef een bedrag of omschrijf de schade"),
        ({"kind": "kapot", "amount": "5"}, "Selecteer een geldige keuze"),
    ],
)
def test_damage_with_bad_input_saves_nothing(client, advisor, case, data, message):
    client.force_login(advisor)
    response = post(client, "damage_add", case, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Damage.objects.exists()


def test_damage_amount_with_a_decimal_comma_is_stored_exactly(client, advisor, case):
    from decimal import Decimal

    client.force_login(advisor)
    response = post(
        client,
        "damage_add",
        case,
        {"kind": "financieel", "amount": "1250,50", "compensation_received": "0,10"},
    )
    assert response.status_code == 302
    damage = Damage.objects.get()
    assert damage.amount == Decimal("1250.50")
    assert damage.compensation_received == Decimal("0.10")
    assert damage.compensation_claimed is None
