"""Intake ergonomics: the gemeente and the known office holder as a type-ahead that
works without JavaScript (a search button that narrows the select, nothing saved) and
with htmx (suggestions posted as one types); a new office holder with the name and
municipality of a known one is flagged before saving; a consent's "given at" starts
at now; a missing referral consent is recorded inline with the referral."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.models import Case, Consent, OfficeHolder, Referral
from tests.factories import GemeenteFactory, OfficeHolderFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def intake_data(**overrides):
    data = {
        "channel": "email",
        "category": "bedreiging",
        "occurred_on": timezone.localdate().isoformat(),
        "urgency": "2",
        "account": "Een dreigbrief op de mat. TYPED-ACCOUNT-7",
    }
    data.update(overrides)
    return data


def _options(html: str, select_name: str) -> list[str]:
    match = re.search(rf'<select name="{select_name}".*?</select>', html, re.S)
    assert match, select_name
    return re.findall(r"<option[^>]*>([^<]*)</option>", match.group(0))


@pytest.fixture
def holders(organisation, gemeente, other_organisation):
    OfficeHolderFactory(organisation=organisation, gemeente=gemeente, name="Piet Zoek")
    OfficeHolderFactory(
        organisation=other_organisation, gemeente=gemeente, name="Piet Vreemd"
    )


# --- type-ahead ---------------------------------------------------------------------


def test_intake_page_has_the_full_select_and_the_search_box(
    client, advisor, office_holder, holders
):
    client.force_login(advisor)
    html = client.get(reverse("cases:intake")).content.decode()
    options = _options(html, "office_holder")
    assert any("Gerda Raadslid" in o for o in options)
    assert any("Piet Zoek" in o for o in options)
    assert 'name="holder_q"' in html
    assert f'hx-post="{reverse("cases:intake_suggest")}"' in html
    assert 'name="search_holder"' in html


def test_search_without_javascript_narrows_the_select_and_saves_nothing(
    client, advisor, office_holder, holders
):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:intake"),
        intake_data(holder_q="piet", search_holder="1"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    options = _options(html, "office_holder")
    assert any("Piet Zoek" in o for o in options)
    assert not any("Gerda" in o for o in options)
    # Another organisation's office holder is never offered.
    assert "Piet Vreemd" not in html
    # What was typed stays; nothing is saved and no error is shown.
    assert "TYPED-ACCOUNT-7" in html
    assert not Case.objects.exists()
    assert "utrecht-form-field-error-message" not in html


def test_gemeente_search_without_javascript(client, advisor, gemeente):
    GemeenteFactory(name="Zoekerveen")
    client.force_login(advisor)
    response = client.post(
        reverse("cases:intake"),
        intake_data(gemeente_q="zoeker", search_gemeente="1", new_name="Iemand"),
    )
    assert response.status_code == 200
    options = _options(response.content.decode(), "new_gemeente")
    assert any("Zoekerveen" in o for o in options)
    assert not any("Teststad" in o for o in options)


def test_htmx_suggestions_narrow_the_select(client, advisor, office_holder, holders):
    client.force_login(advisor)
    url = reverse("cases:intake_suggest")
    html = client.post(url, {"which": "holder", "holder_q": "zoek"}).content.decode()
    options = _options(html, "office_holder")
    assert any("Piet Zoek" in o for o in options)
    assert not any("Gerda" in o for o in options)
    assert "Piet Vreemd" not in html
    by_gemeente = client.post(url, {"which": "holder", "holder_q": "teststad"})
    assert any(
        "Gerda" in o for o in _options(by_gemeente.content.decode(), "office_holder")
    )
    gemeenten = client.post(url, {"which": "gemeente", "gemeente_q": "tests"})
    assert any(
        "Teststad" in o for o in _options(gemeenten.content.decode(), "new_gemeente")
    )


def test_suggestions_refuse_bad_input_get_and_other_roles(
    client, advisor, ambassador_user, staff_user
):
    url = reverse("cases:intake_suggest")
    client.force_login(advisor)
    assert client.post(url, {"which": "alles"}).status_code == 400
    assert client.get(url, {"which": "holder", "holder_q": "a"}).status_code == 405
    assert (
        client.post(url, {"which": "holder", "holder_q": "\x00" * 500}).status_code
        == 200
    )
    for user in (ambassador_user, staff_user):
        client.force_login(user)
        assert client.post(url, {"which": "holder", "holder_q": "a"}).status_code == 403


# --- the duplicate office holder ---------------------------------------------------


def test_a_new_office_holder_like_a_known_one_is_flagged_before_saving(
    client, advisor, office_holder, gemeente
):
    client.force_login(advisor)
    data = intake_data(
        new_name="  gerda RAADSLID ", new_office="raadslid", new_gemeente=gemeente.code
    )
    response = client.post(reverse("cases:intake"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="confirm_new_holder"' in html
    assert OfficeHolder.objects.count() == 1
    assert not Case.objects.exists()

    response = client.post(
        reverse("cases:intake"), {**data, "confirm_new_holder": "on"}
    )
    assert response.status_code == 302
    assert OfficeHolder.objects.count() == 2
    assert Case.objects.count() == 1


def test_same_name_elsewhere_or_in_another_organisation_is_not_flagged(
    client, advisor, other_organisation, gemeente, other_gemeente
):
    OfficeHolderFactory(organisation=other_organisation, gemeente=gemeente, name="Anne")
    client.force_login(advisor)
    data = intake_data(
        new_name="Anne", new_office="raadslid", new_gemeente=gemeente.code
    )
    assert client.post(reverse("cases:intake"), data).status_code == 302


def test_the_confirm_box_is_not_shown_without_a_duplicate(client, advisor):
    client.force_login(advisor)
    html = client.get(reverse("cases:intake")).content.decode()
    assert 'name="confirm_new_holder"' not in html


# --- consent -----------------------------------------------------------------------


def test_consent_given_at_defaults_to_now(client, advisor, case):
    client.force_login(advisor)
    html = client.get(reverse("cases:consent_add", args=[case.pk])).content.decode()
    now = timezone.localtime()
    match = re.search(r'name="given_at"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="given_at"', html
    )
    assert match, "given_at has no value"
    assert match.group(1).startswith(now.strftime("%Y-%m-%dT"))


def _referral(**overrides):
    data = {"kind": "juridisch", "partner": "Juridisch loket (fictief)"}
    data.update(overrides)
    return data


def _consent_now():
    return {
        "record_consent": "on",
        "consent_given_by": "Gerda Raadslid",
        "consent_method": "mondeling",
        "consent_given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }


def test_referral_form_offers_the_missing_consent_inline(client, advisor, case):
    client.force_login(advisor)
    url = reverse("cases:referral_add", args=[case.pk])
    html = client.get(url).content.decode()
    assert 'name="record_consent"' in html
    assert 'name="consent_given_at"' in html

    # Without it: refused, nothing saved.
    response = client.post(url, _referral())
    assert response.status_code == 400
    assert not Referral.objects.exists()

    response = client.post(url, {**_referral(), **_consent_now()})
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.purpose == c.ConsentPurpose.REFERRAL
    assert consent.referral_kind == c.ReferralKind.LEGAL
    assert consent.recorded_by == advisor
    assert Referral.objects.get().consent == consent


def test_inline_consent_needs_its_fields(client, advisor, case):
    client.force_login(advisor)
    url = reverse("cases:referral_add", args=[case.pk])
    response = client.post(url, {**_referral(), "record_consent": "on"})
    assert response.status_code == 400
    assert not Consent.objects.exists()
    assert not Referral.objects.exists()


def test_a_refused_referral_leaves_no_inline_consent_behind(
    client, advisor, case, organisation, region
):
    partner = PartnerFactory(
        organisation=organisation,
        kind=c.PartnerKind.LEGAL,
        regions=[region],
        availability=c.PartnerAvailability.UNAVAILABLE,
    )
    client.force_login(advisor)
    url = reverse("cases:referral_add", args=[case.pk])
    response = client.post(
        url, {"network_partner": partner.pk, "details": "", **_consent_now()}
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()
    assert not Referral.objects.exists()


def test_an_existing_consent_is_not_recorded_twice(client, advisor, case):
    from tests.factories import consent_given

    consent_given(
        case, by=advisor, purpose=c.ConsentPurpose.REFERRAL, referral_kind="juridisch"
    )
    client.force_login(advisor)
    url = reverse("cases:referral_add", args=[case.pk])
    assert client.post(url, {**_referral(), **_consent_now()}).status_code == 302
    assert Consent.objects.count() == 1
