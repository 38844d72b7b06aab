"""The immediate-danger flag in the queues (with constant query counts), the party's
scope and recorded actions, the formal report as a separate logged step, the count by
office for dashboards, and the expert network list."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.models import AdvisorAction, Case
from cases.services.advisor import advisor_action_record
from cases.services.case import case_assign, case_close
from cases.services.handoff import case_handoff
from cases.services.intake import case_complete_intake, case_create, hotline_call_create
from cases.services.notes import note_add
from cases.services.police import police_report_save
from core.constants import AuditAction
from core.models import AuditEvent
from tests.kb_fixtures import give_consent, make_case
from tests.otwb.conftest import make_partner

pytestmark = pytest.mark.django_db

QUEUE = "/meldingen/"


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


# --- the flag -----------------------------------------------------------------------


def test_flagged_case_is_pinned_above_the_queue_whatever_the_sort_or_filter(
    client, advisor, office_holder, night_case
):
    newer = make_case(advisor, office_holder, urgency=c.Urgency.ACUTE)
    client.force_login(advisor)
    for params in (
        {"sort": "reported"},
        {"sort": "-urgency"},
        {"category": "intimidatie"},  # the night call has no category yet
        {"view": "closed"},
        {"page": "2"},
    ):
        response = client.get(QUEUE, params)
        assert response.context["flagged"] == [night_case], params
        assert night_case.reference in response.content.decode(), params
    assert newer in client.get(QUEUE).context["cases"]


def test_the_other_organisation_sees_nothing_pinned(client, night_case, party_advisor):
    client.force_login(party_advisor)
    response = client.get(QUEUE)
    assert response.context["flagged"] == []
    assert night_case.reference not in response.content.decode()


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
def test_recording_an_action_takes_the_flag_off(advisor, night_case, act):
    act(night_case, advisor)
    night_case.refresh_from_db()
    assert night_case.danger_acted_at is not None
    assert night_case.danger_acted_by == advisor
    assert AuditEvent.objects.filter(
        case_id=night_case.pk, detail="immediate danger acted on"
    ).exists()


def test_completing_the_intake_or_changing_owner_keeps_the_flag(
    advisor, colleague, night_case
):
    case_assign(case=night_case, owner=colleague, by=advisor)
    case_complete_intake(
        case=night_case,
        by=advisor,
        category="bedreiging",
        occurred_on=timezone.localdate(),
        urgency=4,
        account="Volledig verhaal",
    )
    night_case.refresh_from_db()
    assert night_case.danger_needs_action


def test_flagged_case_heads_the_ambassador_list(
    client, advisor, ambassador, office_holder, night_case
):
    # A handoff is itself an action on the danger; reopen the flag afterwards (as if
    # the danger had been reported while the case was with the ambassador).
    other = make_case(advisor, office_holder, urgency=c.Urgency.ACUTE)
    for case in (night_case, other):
        give_consent(case, advisor)
        case_handoff(case=case, ambassador=ambassador, by=advisor, outside_region=True)
    Case.objects.filter(pk=night_case.pk).update(danger_acted_at=None)
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:ambassador_list"))
    cases = list(response.context["cases"])
    assert cases[0] == night_case
    assert "Direct gevaar: nog geen actie" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 200])
def test_queue_with_flagged_rows_runs_a_constant_number_of_queries(
    client, advisor, office_holder, rows, django_assert_max_num_queries, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 500
    bulk_cases(office_holder, advisor, rows)
    bulk_cases(office_holder, advisor, rows, immediate_danger=True)
    client.force_login(advisor)
    with django_assert_max_num_queries(10):
        response = client.get(QUEUE, {"category": "bedreiging"})
    cases = list(response.context["cases"])
    assert len(cases) == 2 * rows
    assert sum(case.needs_action for case in cases) == rows
    assert len(response.context["flagged"]) == rows


# --- night call ---------------------------------------------------------------------


def test_night_call_is_only_for_advisors(ambassador, gemeente):
    with pytest.raises(PermissionDenied):
        hotline_call_create(
            by=User.objects.get(pk=ambassador.user_id),
            name="X",
            office="raadslid",
            gemeente=gemeente,
            immediate_danger=False,
            account="Y",
        )


def test_night_call_without_danger_is_high_and_not_flagged(advisor, gemeente):
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


# --- a party's own advisor ---------------------------------------------------------


def test_out_of_scope_melding_is_categorised_with_what_was_said(
    party_advisor, party_holder
):
    case = case_create(
        by=party_advisor,
        office_holder=party_holder,
        channel=c.Channel.PHONE,
        category=c.Category.OTHER,
        occurred_on=timezone.localdate(),
        urgency=c.Urgency.LOW,
        account="Boos over het verkiezingsprogramma",
        scope=c.Scope.PARTY_POSITIONS,
        told_instead="Verwezen naar de ledenvergadering.",
    )
    assert case.category == c.Category.OUT_OF_SCOPE
    assert case.told_instead == "Verwezen naar de ledenvergadering."


def test_association_cases_ignore_the_scope(advisor, office_holder):
    case = make_case(advisor, office_holder, scope=c.Scope.BOARD)
    assert case.scope == ""
    assert case.category == c.Category.THREAT


def test_board_advice_with_consent_and_without_names_is_recorded(
    advisor, case, ambassador
):
    consent = give_consent(case, advisor, c.ConsentPurpose.BOARD_ADVICE)
    action = advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.BOARD_ADVICE,
        description="Advies: spreek een gedragscode af voor fractievergaderingen.",
        not_identifying=True,
    )
    assert action.consent == consent


def test_board_advice_may_not_contain_the_persons_e_mail(advisor, case):
    case.office_holder.email = "gerda@example.org"
    case.office_holder.save()
    give_consent(case, advisor, c.ConsentPurpose.BOARD_ADVICE)
    with pytest.raises(ValidationError):
        advisor_action_record(
            case=case,
            by=advisor,
            kind=c.AdvisorActionKind.BOARD_ADVICE,
            description="Zie de mail van GERDA@example.org",
            not_identifying=True,
        )


def test_ambassador_cannot_record_board_or_formal_report_consent(
    accepted_case, ambassador
):
    user = User.objects.get(pk=ambassador.user_id)
    for purpose in (c.ConsentPurpose.BOARD_ADVICE, c.ConsentPurpose.FORMAL_REPORT):
        with pytest.raises(PermissionDenied):
            give_consent(accepted_case, user, purpose)


def test_formal_report_is_a_separate_consented_logged_step(client, advisor, case):
    give_consent(case, advisor, c.ConsentPurpose.FORMAL_REPORT)
    # Recording other actions never turns the melding into a formal report.
    advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.FORMAL_REPORT_HELP,
        description="Uitgelegd hoe een formele melding werkt.",
    )
    case.refresh_from_db()
    assert not case.is_formal_report
    client.force_login(advisor)
    response = client.post(
        reverse("cases:formal_report", args=[case.pk]),
        {"addressee": "Integriteitscommissie", "confirmed": "on"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_formal_report
    assert case.formal_report_by == advisor
    assert case.formal_report_to == "Integriteitscommissie"
    action = AdvisorAction.objects.get(kind=c.AdvisorActionKind.FORMAL_REPORT)
    assert action.consent.purpose == c.ConsentPurpose.FORMAL_REPORT
    assert AuditEvent.objects.filter(
        case_id=case.pk, action=AuditAction.FORMAL_REPORT, actor=advisor
    ).exists()
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Integriteitscommissie" in detail


def test_party_intake_page_asks_the_scope_and_the_association_page_does_not(
    client, advisor, party_advisor
):
    client.force_login(party_advisor)
    assert 'name="scope"' in client.get(reverse("cases:intake")).content.decode()
    client.force_login(advisor)
    assert 'name="scope"' not in client.get(reverse("cases:intake")).content.decode()


# --- the expert network -------------------------------------------------------------


def test_partner_list_filters_sorts_and_paginates(
    client, advisor, organisation, region, other_region, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 2
    make_partner(organisation, c.PartnerKind.SECURITY, [region], name="A Beveiliging")
    make_partner(organisation, c.PartnerKind.LEGAL, [other_region], name="B Juristen")
    make_partner(organisation, c.PartnerKind.PEER, [], name="C Landelijk")
    make_partner(
        organisation,
        c.PartnerKind.AFTERCARE,
        [region],
        name="D Nazorg",
        availability=c.PartnerAvailability.LIMITED,
    )
    make_partner(
        organisation, c.PartnerKind.SECURITY, [region], name="E Oud", is_active=False
    )
    client.force_login(advisor)
    url = reverse("cases:partner_list")

    def names(params):
        return [p.name for p in client.get(url, params).context["partners"]]

    assert names({}) == ["A Beveiliging", "B Juristen"]
    assert names({"page": 2}) == ["C Landelijk", "D Nazorg"]
    assert names({"sort": "-name"}) == ["D Nazorg", "C Landelijk"]
    # Region: partners working there, and nationwide partners.
    assert names({"region": region.pk}) == ["A Beveiliging", "C Landelijk"]
    assert names({"region": region.pk, "page": 2}) == ["D Nazorg"]
    assert names({"kind": "juridisch"}) == ["B Juristen"]
    assert names({"availability": "beperkt"}) == ["D Nazorg"]
    assert names({"q": "nazorg"}) == ["D Nazorg"]


def test_partner_list_runs_a_constant_number_of_queries(
    client, advisor, organisation, region, django_assert_max_num_queries, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 250
    for n in range(60):
        make_partner(organisation, c.PartnerKind.SECURITY, [region], name=f"P{n}")
    client.force_login(advisor)
    # 60 partners, a fixed bound (the second-factor check costs one query per request).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cases:partner_list"))
    assert len(response.context["partners"]) == 60


def test_referral_form_offers_the_regions_partners_first(
    client, advisor, case, organisation, other_region, security_partner
):
    far = make_partner(organisation, c.PartnerKind.LEGAL, [other_region], name="Ver")
    national = make_partner(organisation, c.PartnerKind.PEER, [], name="Overal")
    client.force_login(advisor)
    form = client.get(reverse("cases:referral_add", args=[case.pk])).context["form"]
    offered = list(form.fields["network_partner"].queryset)
    assert offered == [security_partner, national, far]


def test_queue_filters_by_office(client, advisor, office_holder, night_case):
    make_case(advisor, office_holder)  # a raadslid
    client.force_login(advisor)
    cases = list(client.get(QUEUE, {"office": "wethouder"}).context["cases"])
    assert cases == [night_case]


def test_opening_the_intake_form_is_an_audited_read(client, advisor, night_case):
    client.force_login(advisor)
    client.get(reverse("cases:complete_intake", args=[night_case.pk]))
    assert AuditEvent.objects.filter(
        case_id=night_case.pk, action=AuditAction.VIEW, object_type="case"
    ).exists()
