"""A melding via the 24/7 line (24/7-lijn), as the advisor on duty takes it: a few
fields, saved at once; immediate danger flags it at the top of the queues (with constant
query counts) until an action is recorded; the intake is completed later. And the help
page with the line's number."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.models import Case, OfficeHolder, PoliceReport, Referral
from cases.services.advisor import advisor_action_record
from cases.services.case import case_assign, case_close
from cases.services.handoff import case_handoff
from cases.services.intake import case_complete_intake, hotline_call_create
from cases.services.notes import note_add
from cases.services.police import police_report_save
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import PASSWORD, consent_given, recorded_case
from tests.otp_helpers import pass_two_factor

pytestmark = pytest.mark.django_db

ACCOUNT = "Er staat een groep mensen voor mijn huis te schreeuwen. NACHTVERHAAL-3"
QUEUE = "/meldingen/"


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


def login(client, user):
    """Through the login form and the second factor, as the advisor on duty does."""
    client.logout()
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    pass_two_factor(client, user)


def now_local():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def bulk_cases(holder, owner, rows, **extra):
    Case.objects.bulk_create(
        Case(
            organisation=holder.organisation,
            office_holder=holder,
            channel="telefoon",
            category="bedreiging",
            occurred_on=timezone.localdate(),
            urgency=2,
            account="x",
            owner=owner,
            **extra,
        )
        for _ in range(rows)
    )


# --- the whole call, through the views ------------------------------------------------


def test_hotline_call_with_immediate_danger_to_aftercare(
    client,
    advisor,
    ambassador,
    office_holder,
    gemeente,
    security_partner,
    django_capture_on_commit_callbacks,
):
    older = recorded_case(advisor, office_holder, urgency=c.Urgency.ACUTE)

    # 1. The call: a few fields, saved at once; the emergency advice is shown.
    login(client, advisor)
    page = client.get(reverse("cases:hotline_call"))
    assert "112" in page.content.decode()
    response = client.post(
        reverse("cases:hotline_call"),
        {
            "name": "Wendy Wethouder",
            "office": "wethouder",
            "gemeente": gemeente.code,
            "phone": "06-00000000",
            "immediate_danger": "ja",
            "account": ACCOUNT,
            "immediate_needs": "Iemand die meedenkt over veiligheid vannacht",
        },
        follow=True,
    )
    assert response.status_code == 200
    call = Case.objects.exclude(pk=older.pk).get()
    assert call.channel == c.Channel.HOTLINE
    assert call.immediate_danger
    assert call.danger_needs_action
    assert not call.intake_complete
    assert call.category == ""
    assert call.urgency == c.Urgency.ACUTE
    assert call.owner == advisor
    assert call.office_holder.office == c.Office.ALDERMAN
    content = response.content.decode()
    assert "112" in content
    assert "Direct gevaar" in content

    # 2. Flagged: pinned above the queue, whatever the sort or filter.
    queue = client.get(reverse("cases:queue"), {"sort": "reported"})
    assert queue.context["flagged"] == [call]
    assert queue.context["flagged"][0].needs_action
    assert call in list(queue.context["cases"])
    assert "Direct gevaar: nog geen actie vastgelegd" in queue.content.decode()

    # 3. The advisor on duty completes the intake in the morning.
    response = client.post(
        reverse("cases:complete_intake", args=[call.pk]),
        {
            "category": "bedreiging",
            "occurred_on": timezone.localdate().isoformat(),
            "urgency": "4",
            "account": ACCOUNT + " Aangevuld.",
            "immediate_needs": "Beveiligingsadvies",
            "location": "",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.intake_complete
    assert call.category == c.Category.THREAT
    # Completing the intake is not an action on the danger: still flagged.
    assert call.danger_needs_action

    # 4. Referral to a security expert from the network, with consent.
    response = client.post(
        reverse("cases:referral_add", args=[call.pk]),
        {"network_partner": security_partner.pk},
    )
    assert response.status_code == 400  # no referral consent yet
    assert not Referral.objects.exists()
    assert (
        client.post(
            reverse("cases:consent_add", args=[call.pk]),
            {
                "purpose": "doorverwijzing",
                "referral_kind": "beveiliging",
                "given_by": "Wendy Wethouder",
                "method": "mondeling",
                "given_at": now_local(),
            },
        ).status_code
        == 302
    )
    response = client.post(
        reverse("cases:referral_add", args=[call.pk]),
        {"network_partner": security_partner.pk, "details": "Schouw van de woning"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.network_partner == security_partner
    assert referral.kind == c.ReferralKind.SECURITY
    assert referral.partner == security_partner.name

    # The referral was an action: the flag is off, nothing is pinned any more.
    call.refresh_from_db()
    assert not call.danger_needs_action
    assert call.danger_acted_by == advisor
    queue = client.get(reverse("cases:queue"), {"sort": "reported"})
    assert queue.context["flagged"] == []
    assert set(queue.context["cases"]) == {older, call}

    # 5. Police melding recorded (what happened is no criminal offence).
    response = client.post(
        reverse("cases:police", args=[call.pk]),
        {
            "advice": "politiemelding",
            "action": "melding-gedaan",
            "reported_on": timezone.localdate().isoformat(),
            "police_reference": "PL0900-2026-000123",
            "notes": "Melding gedaan via 0900-8844.",
        },
    )
    assert response.status_code == 302
    report = PoliceReport.objects.get(case=call)
    assert report.advice == c.PoliceAdvice.MELDING
    assert report.police_reference == "PL0900-2026-000123"
    response = client.post(
        reverse("cases:damage_add", args=[call.pk]),
        {
            "kind": "materieel",
            "description": "Ruit ingegooid",
            "amount": "1250,50",
            "compensation_claimed": "1250,50",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("cases:detail", args=[call.pk])).content.decode()
    assert "PL0900-2026-000123" in detail
    assert "1.250,50" in detail

    # 6. Handoff to the ambassador, who accepts and gives aftercare.
    client.post(
        reverse("cases:consent_add", args=[call.pk]),
        {
            "purpose": "overdracht",
            "given_by": "Wendy Wethouder",
            "method": "mondeling",
            "given_at": now_local(),
        },
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("cases:handoff", args=[call.pk]), {"ambassador": ambassador.pk}
        )
    assert response.status_code == 302
    login(client, ambassador.user)
    handoff = call.handoffs.get()
    client.post(reverse("cases:handoff_accept", args=[handoff.pk]))
    assert (
        client.post(
            reverse("cases:referral_status", args=[referral.pk]),
            {"status": "geaccepteerd"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("cases:referral_status", args=[referral.pk]), {"status": "afgerond"}
        ).status_code
        == 302
    )
    response = client.post(
        reverse("cases:referral_outcome", args=[referral.pk]),
        {"outcome": "Camera en extra slot geplaatst; voelt zich veiliger."},
    )
    assert response.status_code == 302
    response = client.post(reverse("cases:phase", args=[call.pk]), {"phase": "nazorg"})
    assert response.status_code == 302
    call.refresh_from_db()
    referral.refresh_from_db()
    assert call.status == c.Status.WITH_AMBASSADOR
    assert call.phase == c.Phase.AFTERCARE
    assert referral.status == c.ReferralStatus.DONE
    assert referral.outcome.startswith("Camera")

    # Every step left an audit row, and none carries the content.
    events = AuditEvent.objects.filter(case_id=call.pk)
    details = " ".join(events.values_list("detail", flat=True))
    assert "immediate danger" in details
    assert "NACHTVERHAAL" not in details
    assert "PL0900" not in details
    assert {"policereport", "damage", "referral", "case"} <= set(
        events.values_list("object_type", flat=True)
    )


# --- the call -------------------------------------------------------------------------


def test_hotline_call_is_only_for_advisors(ambassador, gemeente):
    with pytest.raises(PermissionDenied):
        hotline_call_create(
            by=User.objects.get(pk=ambassador.user_id),
            name="X",
            office="raadslid",
            gemeente=gemeente,
            immediate_danger=False,
            account="Y",
        )


def test_hotline_call_form_is_for_advisors_only(client, ambassador, staff_user):
    for user in (ambassador.user, staff_user):
        client.force_login(user)
        assert client.get(reverse("cases:hotline_call")).status_code == 403


def test_hotline_call_without_danger_is_high_and_not_flagged(advisor, gemeente):
    case = hotline_call_create(
        by=advisor,
        name="Rustige Beller",
        office=c.Office.STATES_MEMBER,
        gemeente=gemeente,
        immediate_danger=False,
        account="Vervelende mails",
    )
    assert case.urgency == c.Urgency.HIGH
    assert not case.danger_needs_action
    assert case.office_holder.office == c.Office.STATES_MEMBER


def hotline_call_data(place, **overrides):
    data = {
        "name": "Nina Nacht",
        "office": "raadslid",
        "gemeente": place.code,
        "immediate_danger": "nee",
        "account": "Bedreigd bij de voordeur",
    }
    data.update(overrides)
    return data


def test_empty_hotline_call_shows_dutch_errors_and_saves_nothing(client, advisor):
    client.force_login(advisor)
    response = client.post(reverse("cases:hotline_call"), {})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Dit veld is verplicht." in content
    assert Case.objects.count() == 0
    assert OfficeHolder.objects.count() == 0


def test_hotline_call_must_answer_the_danger_question(client, advisor, gemeente):
    client.force_login(advisor)
    data = hotline_call_data(gemeente)
    del data["immediate_danger"]
    response = client.post(reverse("cases:hotline_call"), data)
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert "Bedreigd bij de voordeur" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"gemeente": "GM0000"},
        {"office": "koning"},
        {"immediate_danger": "misschien"},
    ],
)
def test_hotline_call_with_invalid_choice_is_refused(
    client, advisor, gemeente, overrides
):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:hotline_call"), hotline_call_data(gemeente, **overrides)
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Case.objects.count() == 0


def test_hotline_call_with_a_nul_byte_is_refused(client, advisor, gemeente):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:hotline_call"), hotline_call_data(gemeente, account="a\x00b")
    )
    assert response.status_code == 400
    assert "niet toegestaan" in response.content.decode()
    assert Case.objects.count() == 0


def test_hotline_call_reuses_a_known_office_holder(client, advisor, gemeente):
    client.force_login(advisor)
    client.post(reverse("cases:hotline_call"), hotline_call_data(gemeente))
    client.post(
        reverse("cases:hotline_call"), hotline_call_data(gemeente, name="nina nacht")
    )
    assert Case.objects.count() == 2
    assert OfficeHolder.objects.count() == 1


def test_count_by_office_counts_every_kind_of_office_holder(advisor, gemeente):
    for office in (c.Office.COUNCILLOR, c.Office.MAYOR, c.Office.MAYOR):
        hotline_call_create(
            by=advisor,
            name=f"Iemand {office}",
            office=office,
            gemeente=gemeente,
            immediate_danger=False,
            account="x",
        )
    assert Case.objects.count_by_office() == {"raadslid": 1, "burgemeester": 2}


# --- the flag -------------------------------------------------------------------------


def test_flagged_case_is_pinned_above_the_queue_whatever_the_sort_or_filter(
    client, advisor, office_holder, hotline_case
):
    newer = recorded_case(advisor, office_holder, urgency=c.Urgency.ACUTE)
    client.force_login(advisor)
    for params in (
        {"sort": "reported"},
        {"sort": "-urgency"},
        {"category": "intimidatie"},  # the call has no category yet
        {"view": "closed"},
        {"page": "2"},
    ):
        response = client.get(QUEUE, params)
        assert response.context["flagged"] == [hotline_case], params
        assert hotline_case.reference in response.content.decode(), params
    assert newer in client.get(QUEUE).context["cases"]


def test_the_other_organisation_sees_nothing_pinned(
    client, hotline_case, party_advisor
):
    client.force_login(party_advisor)
    response = client.get(QUEUE)
    assert response.context["flagged"] == []
    assert hotline_case.reference not in response.content.decode()


@pytest.mark.parametrize(
    "act",
    [
        lambda case, by: note_add(case=case, by=by, text="Teruggebeld"),
        lambda case, by: police_report_save(
            case=case, by=by, advice="aangifte", action="nog-niet"
        ),
        lambda case, by: advisor_action_record(
            case=case, by=by, kind="klachtenprocedure", description="Uitgelegd"
        ),
        lambda case, by: case_close(case=case, by=by, outcome="Opgelost"),
    ],
)
def test_recording_an_action_takes_the_flag_off(advisor, hotline_case, act):
    act(hotline_case, advisor)
    hotline_case.refresh_from_db()
    assert hotline_case.danger_acted_at is not None
    assert hotline_case.danger_acted_by == advisor
    assert AuditEvent.objects.filter(
        case_id=hotline_case.pk, detail="immediate danger acted on"
    ).exists()


def test_completing_the_intake_or_changing_owner_keeps_the_flag(
    advisor, colleague, hotline_case
):
    case_assign(case=hotline_case, owner=colleague, by=advisor)
    case_complete_intake(
        case=hotline_case,
        by=advisor,
        category="bedreiging",
        occurred_on=timezone.localdate(),
        urgency=4,
        account="Volledig verhaal",
    )
    hotline_case.refresh_from_db()
    assert hotline_case.danger_needs_action


def test_flagged_case_heads_the_ambassador_list(
    client, advisor, ambassador, office_holder, hotline_case
):
    # A handoff is itself an action on the danger; reopen the flag afterwards (as if
    # the danger had been reported while the case was with the ambassador).
    other = recorded_case(advisor, office_holder, urgency=c.Urgency.ACUTE)
    for case in (hotline_case, other):
        consent_given(case, by=advisor)
        case_handoff(case=case, ambassador=ambassador, by=advisor, outside_region=True)
    Case.objects.filter(pk=hotline_case.pk).update(danger_acted_at=None)
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:ambassador_list"))
    cases = list(response.context["cases"])
    assert cases[0] == hotline_case
    assert "Direct gevaar: nog geen actie" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 200])
def test_queue_with_flagged_rows_runs_a_constant_number_of_queries(
    client, advisor, office_holder, rows, django_assert_max_num_queries, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 500
    bulk_cases(office_holder, advisor, rows)
    bulk_cases(office_holder, advisor, rows, immediate_danger=True)
    client.force_login(advisor)
    # 12: one of them is the INSERT of the read events of every listed case, one
    # the advisor's own follow-ups due within a day.
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE, {"category": "bedreiging"})
    cases = list(response.context["cases"])
    assert len(cases) == 2 * rows
    assert sum(case.needs_action for case in cases) == rows
    assert len(response.context["flagged"]) == rows


def test_queue_filters_by_office(client, advisor, office_holder, hotline_case):
    recorded_case(advisor, office_holder)  # a raadslid
    client.force_login(advisor)
    cases = list(client.get(QUEUE, {"office": "wethouder"}).context["cases"])
    assert cases == [hotline_case]


# --- completing the intake ------------------------------------------------------------


def intake_data(**overrides):
    data = {
        "category": "bedreiging",
        "occurred_on": timezone.localdate().isoformat(),
        "urgency": "3",
        "account": "Aangevuld verhaal",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"category": ""}, "Dit veld is verplicht."),
        ({"category": "onzin"}, "Selecteer een geldige keuze"),
        ({"occurred_on": TOMORROW}, "Deze datum ligt in de toekomst."),
        ({"occurred_on": "31-02-2024"}, "Voer een geldige datum in."),
        ({"urgency": "9"}, "Selecteer een geldige keuze"),
        ({"account": ""}, "Dit veld is verplicht."),
    ],
)
def test_completing_the_intake_with_bad_input_changes_nothing(
    client, advisor, hotline_case, overrides, message
):
    client.force_login(advisor)
    data = intake_data(**dated(overrides))
    response = post(client, "complete_intake", hotline_case, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    hotline_case.refresh_from_db()
    assert not hotline_case.intake_complete
    assert hotline_case.category == ""


def test_opening_the_intake_form_is_an_audited_read(client, advisor, hotline_case):
    client.force_login(advisor)
    client.get(reverse("cases:complete_intake", args=[hotline_case.pk]))
    assert AuditEvent.objects.filter(
        case_id=hotline_case.pk, action=AuditAction.VIEW, object_type="case"
    ).exists()


# --- the help page --------------------------------------------------------------------


def test_help_page_shows_the_configured_line(client, settings):
    settings.KLANKBORD_HOTLINE_PHONE = "0800-1234 567"
    settings.KLANKBORD_HOTLINE_HOURS = "Dag en nacht"
    settings.KLANKBORD_OFFICE_HOURS = "Ma–vr 9.00–17.00 uur"
    content = client.get(reverse("cases:help")).content.decode()
    assert "0800-1234 567" in content
    assert 'href="tel:08001234567"' in content
    assert "Dag en nacht" in content
    assert "Ma–vr 9.00–17.00 uur" in content
    assert "112" in content
    assert "aangifte" in content.lower()


def test_help_page_says_when_the_number_is_not_configured(client, settings):
    settings.KLANKBORD_HOTLINE_PHONE = ""
    content = client.get(reverse("cases:help")).content.decode()
    assert "KLANKBORD_HOTLINE_PHONE" in content
    assert "24 uur per dag" in content
