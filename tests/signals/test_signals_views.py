"""Who reaches which signals page, and what the pages show."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import ConsentMethod, ConsentPurpose
from cases.services.consent import consent_record
from core.constants import OrganisationKind
from signals import constants as sc
from signals import releases, services
from signals.models import ProcessFeedback, Report, ReturnDay, Signal, StatisticsRelease
from tests.factories import OrganisationFactory, consent_given
from tests.signals.conftest import closed_quarter, compiled_release, current_quarter

STAFF_PAGES = [
    ("signals:dashboard", []),
    ("signals:release_list", []),
    ("signals:report_list", []),
    ("signals:return_days", []),
    ("signals:feedback_list", []),
]
REPORT_PAGES = [
    ("signals:report_detail", []),
    ("signals:report_progress", []),
    ("signals:report_download", ["pdf"]),
    ("signals:report_download", ["csv"]),
]


@pytest.fixture
def report(db):
    q = closed_quarter()
    return Report.objects.create(
        statistics_release=compiled_release(),
        first_quarter=q,
        last_quarter=q,
        status=sc.ReportStatus.DONE,
        pdf=b"%PDF-1.7",
        csv=b"x",
        release={"tables": [], "parameters": {}},
    )


def _urls(report):
    urls = [reverse(name, args=args) for name, args in STAFF_PAGES]
    urls += [reverse(n, args=[report.pk, *a]) for n, a in REPORT_PAGES]
    return urls


@pytest.mark.parametrize(
    "who", ["advisor", "ambassador", "no_role_user", "functional_admin"]
)
def test_other_roles_get_403_on_every_staff_page(client, request, who, report):
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    for url in _urls(report):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_log_in(client, report):
    for url in _urls(report):
        response = client.get(url)
        assert response.status_code == 302
        assert "/inloggen/" in response["Location"]


def test_unknown_report_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("signals:report_detail", args=[999999])).status_code == (
        404
    )
    url = reverse("signals:report_download", args=[999999, "pdf"])
    assert client.get(url).status_code == 404


def test_dashboard_shows_the_latest_release(client, staff_user, make_signals):
    q = closed_quarter()
    make_signals(37, quarter=q)
    make_signals(4, category=sc.SignalCategory.VIOLENCE, quarter=q)
    release = compiled_release()
    client.force_login(staff_user)
    response = client.get(reverse("signals:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["release"] == release
    total = release.figures["figures"]["total"][f"q{q}"]["t"]
    assert f"personen: {total}" in body
    assert "&lt;10" in body
    assert "<svg" in body
    assert "Toon als tabel" in body
    assert 'style="' not in body
    assert "<script>" not in body
    assert release.digest not in body


def test_new_signals_change_nothing_until_the_next_release(
    client, staff_user, make_signals
):
    make_signals(30, quarter=closed_quarter())
    compiled_release()
    client.force_login(staff_user)
    url = reverse("signals:dashboard")
    before = client.get(url).context
    make_signals(25, quarter=closed_quarter())
    make_signals(25, quarter=current_quarter())
    after = client.get(url).context
    assert after["view"] == before["view"]
    assert after["trend"] == before["trend"]


def test_an_earlier_release_can_be_chosen(client, staff_user, make_signals):
    make_signals(30, quarter=closed_quarter())
    first = compiled_release()
    make_signals(30, quarter=closed_quarter())
    second = compiled_release()
    client.force_login(staff_user)
    url = reverse("signals:dashboard")
    assert client.get(url).context["release"] == second
    assert client.get(url, {"release": first.number}).context["release"] == first


def test_dashboard_query_count_does_not_grow_with_the_data(
    client, staff_user, make_signals, django_assert_max_num_queries
):
    make_signals(60, quarter=closed_quarter())
    compiled_release()
    client.force_login(staff_user)
    url = reverse("signals:dashboard")
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    make_signals(300, per_person=3, quarter=closed_quarter() - 1)
    compiled_release()
    with django_assert_max_num_queries(10):
        assert (
            client.get(url, {"period": f"q{closed_quarter() - 1}"}).status_code == 200
        )


@pytest.mark.parametrize(
    "params",
    [
        {"period": "q1"},  # not a period of the release
        {"period": "x<script>"},
        {"release": "999"},
        {"category": "3", "period": "q1"},
    ],
)
def test_a_selection_outside_the_catalogue_is_a_clear_400(
    client, staff_user, make_signals, params
):
    make_signals(12, quarter=closed_quarter())
    compiled_release()
    client.force_login(staff_user)
    response = client.get(reverse("signals:dashboard"), params)
    assert response.status_code == 400
    message = (
        "Deze publicatie bestaat niet"
        if params.get("release")
        else "Deze publicatie bevat geen cijfers voor die periode"
    )
    assert message in response.content.decode()


def test_staff_see_only_their_own_organisations_releases(
    client, staff_user, make_signals
):
    party = OrganisationFactory(kind=OrganisationKind.PARTY)
    make_signals(40, quarter=closed_quarter(), organisation=party)
    theirs = compiled_release(party)
    client.force_login(staff_user)
    response = client.get(reverse("signals:dashboard"))
    assert response.context["release"] is None
    url = reverse("signals:release_detail", args=[theirs.number])
    assert client.get(url).status_code == 404
    assert client.get(reverse("signals:dashboard"), {"release": theirs.number})


def test_staff_start_a_release_and_see_its_progress(
    client, staff_user, make_signals, django_capture_on_commit_callbacks
):
    make_signals(12, quarter=closed_quarter())
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("signals:release_list"))
    release = StatisticsRelease.objects.get()
    assert response["Location"] == reverse(
        "signals:release_detail", args=[release.number]
    )
    assert len(callbacks) == 1
    url = reverse("signals:release_detail", args=[release.number])
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in body
    releases.compile_release(release.pk)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert client.get(url)["Location"].endswith(f"?release={release.number}")


def test_only_functional_admins_see_the_digests(
    client, staff_user, functional_admin, make_signals
):
    make_signals(12, quarter=closed_quarter())
    release = compiled_release()
    url = reverse("signals:release_digests")
    client.force_login(staff_user)
    assert client.get(url).status_code == 403
    client.force_login(getattr(functional_admin, "user", functional_admin))
    assert release.digest in client.get(url).content.decode()


def test_staff_never_reach_a_case_or_a_signals_person(
    client, staff_user, advisor, case, make_signals, report
):
    consent_record(
        case=case,
        by=advisor,
        purpose=ConsentPurpose.STATISTICS,
        given_by="betrokkene",
        method=ConsentMethod.VERBAL,
        given_at=timezone.now(),
    )
    signal = services.signal_from_case(
        by=advisor,
        case=case,
        channel=sc.SignalChannel.ONLINE,
        perpetrator=sc.PerpetratorKind.CITIZEN,
        police=sc.PoliceReport.NONE,
        impact=sc.ImpactLevel.LOW,
    )
    make_signals(30)
    client.force_login(staff_user)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    for url in [
        reverse("signals:signal_list"),
        reverse("signals:signal_from_case", args=[case.pk]),
    ]:
        assert client.get(url).status_code == 403
    assert (
        client.post(reverse("signals:signal_revoke", args=[signal.pk])).status_code
        == 403
    )
    pages = [client.get(url).content.decode() for url in _urls(report)[:4]]
    holder = case.office_holder
    for body in pages:
        assert str(signal.person_key) not in body
        assert holder.name not in body
        assert case.reference not in body
        assert holder.gemeente.name not in body


def test_advisor_records_a_standalone_signal(client, advisor, gemeente):
    client.force_login(advisor)
    response = client.post(
        reverse("signals:signal_create"),
        {
            "name": "Piet Fictief",
            "gemeente": gemeente.pk,
            "office": sc.SignalOffice.ALDERMAN,
            "category": sc.SignalCategory.THREAT,
            "quarter": current_quarter(),
            "channel": sc.SignalChannel.AT_HOME,
            "perpetrator": sc.PerpetratorKind.UNKNOWN,
            "police": sc.PoliceReport.AANGIFTE,
            "impact": sc.ImpactLevel.SEVERE,
            "consent_given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.province_id == gemeente.province_id
    assert signal.person_key == services.person_key("  piet   FICTIEF", gemeente.code)
    assert client.get(reverse("signals:signal_list")).status_code == 200


def test_standalone_signal_without_consent_is_refused(client, ambassador, gemeente):
    client.force_login(ambassador.user)
    response = client.post(
        reverse("signals:signal_create"), {"name": "X", "gemeente": gemeente.pk}
    )
    assert response.status_code == 400
    assert not Signal.objects.exists()


def test_signal_from_case_needs_statistics_consent(client, advisor, case):
    client.force_login(advisor)
    data = {
        "channel": sc.SignalChannel.ONLINE,
        "perpetrator": sc.PerpetratorKind.CITIZEN,
        "police": sc.PoliceReport.NONE,
        "impact": sc.ImpactLevel.LOW,
    }
    url = reverse("signals:signal_from_case", args=[case.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    assert "toestemming" in response.content.decode()
    assert not Signal.objects.exists()


def test_signal_from_an_invisible_case_is_404(client, other_org_advisor, case):
    client.force_login(other_org_advisor)
    url = reverse("signals:signal_from_case", args=[case.pk])
    assert client.get(url).status_code == 404


def test_recorder_sees_only_own_signals(client, advisor, colleague, gemeente):
    services.signal_record(
        by=colleague,
        name="Iemand Anders",
        gemeente=gemeente,
        category=1,
        office=1,
        quarter=current_quarter(),
        channel=1,
        perpetrator=1,
        police=1,
        impact=1,
        consent_given_on=timezone.localdate(),
    )
    client.force_login(advisor)
    body = client.get(reverse("signals:signal_list")).content.decode()
    assert "nog geen signalen" in body
    other = Signal.objects.get()
    url = reverse("signals:signal_revoke", args=[other.pk])
    assert client.post(url).status_code == 404


def test_revoking_standalone_consent_stops_every_signal_of_that_person(
    advisor, gemeente
):
    kwargs = dict(
        by=advisor,
        name="Piet Fictief",
        gemeente=gemeente,
        category=1,
        office=1,
        quarter=current_quarter(),
        channel=1,
        perpetrator=1,
        police=1,
        impact=1,
        consent_given_on=timezone.localdate(),
    )
    first = services.signal_record(**kwargs)
    services.signal_record(**kwargs)
    assert services.signal_revoke_consent(signal=first, by=advisor) == 2
    assert not Signal.objects.counted().exists()


# --- four eyes on feedback ------------------------------------------------------------


def test_feedback_reaches_staff_only_after_a_second_person_approved(
    client, ambassador, advisor, staff_user
):
    feedback = services.feedback_submit(
        by=ambassador.user, text="De overdracht ging traag. UNIEKE-ZIN-7"
    )
    client.force_login(staff_user)
    assert (
        "UNIEKE-ZIN-7"
        not in client.get(reverse("signals:feedback_list")).content.decode()
    )
    services.feedback_review(feedback=feedback, by=advisor, approve=True)
    body = client.get(reverse("signals:feedback_list")).content.decode()
    assert "UNIEKE-ZIN-7" in body
    assert ambassador.user.username not in body


def test_the_author_cannot_approve_their_own_feedback(client, advisor):
    feedback = services.feedback_submit(by=advisor, text="Eigen tekst")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.feedback_review(feedback=feedback, by=advisor, approve=True)
    client.force_login(advisor)
    url = reverse("signals:feedback_review", args=[feedback.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    feedback.refresh_from_db()
    assert feedback.status == sc.FeedbackStatus.PENDING


def test_an_advisor_of_another_organisation_never_reads_or_reviews_feedback(
    client, ambassador, other_org_advisor
):
    feedback = services.feedback_submit(by=ambassador.user, text="ANDERE-ORG-3")
    client.force_login(other_org_advisor)
    listing = client.get(reverse("signals:feedback_review_list"))
    assert "ANDERE-ORG-3" not in listing.content.decode()
    url = reverse("signals:feedback_review", args=[feedback.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.feedback_review(feedback=feedback, by=other_org_advisor, approve=True)
    feedback.refresh_from_db()
    assert feedback.status == sc.FeedbackStatus.PENDING


def test_rejected_feedback_is_never_shown(client, ambassador, advisor, staff_user):
    feedback = services.feedback_submit(by=ambassador.user, text="Naam: Jan. GEHEIM-9")
    client.force_login(advisor)
    url = reverse("signals:feedback_review", args=[feedback.pk])
    assert client.post(url, {"decision": "reject"}).status_code == 302
    client.force_login(staff_user)
    assert (
        "GEHEIM-9" not in client.get(reverse("signals:feedback_list")).content.decode()
    )
    assert ProcessFeedback.objects.get().reviewed_by == advisor


def test_staff_plan_a_return_day(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("signals:return_days"),
        {"name": "Terugkomdag", "date": "2027-03-12"},
    )
    assert response.status_code == 302
    assert ReturnDay.objects.get().name == "Terugkomdag"
    bad = client.post(reverse("signals:return_days"), {"name": "", "date": "x"})
    assert bad.status_code == 400


def test_progress_endpoint_polls_while_pending(client, staff_user):
    q = closed_quarter()
    report = Report.objects.create(
        statistics_release=compiled_release(),
        first_quarter=q,
        last_quarter=q,
        progress=35,
    )
    client.force_login(staff_user)
    url = reverse("signals:report_progress", args=[report.pk])
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'value="35"' in body
    Report.objects.filter(pk=report.pk).update(status=sc.ReportStatus.DONE)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


def test_case_number_leads_to_the_signal_form(client, advisor, case):
    client.force_login(advisor)
    url = reverse("signals:signal_case_lookup")
    response = client.get(url, {"case": case.reference})
    assert response["Location"] == reverse("signals:signal_from_case", args=[case.pk])
    bad = client.get(url, {"case": "abc"})
    assert bad["Location"] == reverse("signals:signal_list")


def test_a_case_number_in_other_digits_is_refused_with_a_message(client, advisor):
    """A "²" is a digit to str.isdigit() but not to int(): that was a 500."""
    client.force_login(advisor)
    url = reverse("signals:signal_case_lookup")
    response = client.get(url, {"case": "M-¹²³"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("signals:signal_list")
    assert "M-000123" in " ".join(str(m) for m in response.context["messages"])


def test_report_list_filters_on_status_and_sorts(client, staff_user):
    q = closed_quarter()
    release = compiled_release()
    done = Report.objects.create(
        statistics_release=release,
        first_quarter=q - 1,
        last_quarter=q - 1,
        status=sc.ReportStatus.DONE,
    )
    failed = Report.objects.create(
        statistics_release=release,
        first_quarter=q,
        last_quarter=q,
        status=sc.ReportStatus.FAILED,
    )
    client.force_login(staff_user)
    url = reverse("signals:report_list")
    response = client.get(url, {"status": sc.ReportStatus.DONE})
    assert list(response.context["reports"]) == [done]
    response = client.get(url, {"sort": "oldest"})
    assert list(response.context["reports"]) == [done, failed]


def test_case_page_offers_a_signal_only_with_statistics_consent(client, advisor, case):
    client.force_login(advisor)
    link = reverse("signals:signal_from_case", args=[case.pk])
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert link not in page.content.decode()
    consent_given(case, by=advisor, purpose=ConsentPurpose.STATISTICS)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert f'href="{link}"' in page.content.decode()
