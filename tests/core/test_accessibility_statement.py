"""The accessibility statement at /toegankelijkheid/: open to everyone, and a proper
statement (scope, compliance status, how it was checked and when, known limitations,
how to report a problem and where to complain)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_statement_is_public_and_complete(client):
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    for part in (
        "Toegankelijkheidsverklaring",
        "Reikwijdte",
        "Nalevingsstatus",
        "voldoet gedeeltelijk aan WCAG 2.1 niveau AA",
        "Hoe wij dit hebben gecontroleerd",
        "Deze verklaring is opgesteld op 23 november 2026.",
        "Bekende beperkingen",
        "binnen vijf werkdagen",
        "klacht",
    ):
        assert part in html, part
