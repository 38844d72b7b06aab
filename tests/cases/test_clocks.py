"""The follow-up clocks: each one due, not yet due and done; fired once however often
the beat runs (twice in a row, or two at the same moment); the offered handoff that
goes back to the advisor; the overdue mark and the "due first" sort of the lists."""

import threading
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases import tasks
from cases.models import Case, ClockFiring, FollowUp, Handoff, Notification
from cases.services import followups
from cases.services.intake import hotline_call_create
from cases.services.notes import note_add
from tests.factories import fresh, recorded_case

pytestmark = pytest.mark.django_db

K = c.NotificationKind


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def call(advisor, colleague, gemeente):
    """A call to the 24/7 line taken by ``advisor`` (``colleague`` is told of it)."""
    return hotline_call_create(
        by=advisor,
        name="Nachtelijk Raadslid",
        office=c.Office.ALDERMAN,
        gemeente=gemeente,
        immediate_danger=False,
        account="Iemand belde dreigend aan. NACHT-GEHEIM-7",
    )


# --- the call-back clock --------------------------------------------------------------


def local(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize(
    ("moment", "hours"),
    [
        (local(2026, 12, 7, 10, 0), 1),  # a Monday morning: office hours
        (local(2026, 12, 7, 16, 59), 1),
        (local(2026, 12, 7, 17, 0), 12),  # after office hours
        (local(2026, 12, 7, 3, 0), 12),  # the night
        (local(2026, 12, 6, 11, 0), 12),  # a Sunday
    ],
)
def test_call_back_is_due_within_the_hours_of_office_time_or_outside_it(moment, hours):
    assert followups.callback_due(moment) == moment + timedelta(hours=hours)


def test_the_call_back_hours_are_settings(settings):
    settings.KLANKBORD_CALLBACK_HOURS = 2
    settings.KLANKBORD_CALLBACK_HOURS_OUTSIDE_OFFICE = 8
    settings.KLANKBORD_CALLBACK_OFFICE_HOURS = (8, 18)
    assert followups.callback_due(local(2026, 12, 7, 8, 0)) == local(2026, 12, 7, 10, 0)
    assert followups.callback_due(local(2026, 12, 7, 18, 0)) == local(2026, 12, 8, 2, 0)


def test_a_call_to_the_24_7_line_gets_a_call_back_owned_by_who_took_it(call, advisor):
    follow_up = FollowUp.objects.get(case=call)
    assert follow_up.kind == c.FollowUpKind.CALLBACK
    assert follow_up.owner == advisor
    assert follow_up.due_at == followups.callback_due(call.reported_at)


def test_call_back_not_yet_due_fires_nothing(call, advisor):
    due = FollowUp.objects.get(case=call).due_at
    assert followups.fire_due_follow_ups(now=due - timedelta(seconds=1)) == 0
    assert K.CALLBACK_OVERDUE not in kinds(advisor)


def test_call_back_due_tells_its_owner(call, advisor, colleague):
    due = FollowUp.objects.get(case=call).due_at
    assert followups.fire_due_follow_ups(now=due) == 1
    assert kinds(advisor) == [K.CALLBACK_OVERDUE]
    # The colleague heard of the call itself, not of the clock.
    assert kinds(colleague) == [K.HOTLINE_CALL]


def test_call_back_done_by_a_contact_moment_fires_nothing(call, advisor):
    note_add(
        case=call,
        by=advisor,
        text="Teruggebeld.",
        kind=c.NoteKind.CONTACT,
        contact_mode=c.ContactMode.PHONE,
    )
    follow_up = FollowUp.objects.get(case=call)
    assert follow_up.done_at is not None
    assert followups.fire_due_follow_ups(now=follow_up.due_at + timedelta(hours=1)) == 0
    assert kinds(advisor) == []


def test_a_closed_case_fires_no_clock(call, advisor):
    Case.objects.filter(pk=call.pk).update(status=c.Status.CLOSED)
    due = FollowUp.objects.get(case=call).due_at
    assert followups.fire_due_follow_ups(now=due + timedelta(hours=1)) == 0


def test_beat_restarted_twice_in_one_minute_fires_once(call, advisor):
    """The task itself, run three times in a row (a beat restarted twice)."""
    FollowUp.objects.filter(case=call).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    first = tasks.run_clocks()
    second = tasks.run_clocks()
    third = tasks.run_clocks()
    assert first["follow_ups_fired"] == 1
    assert second["follow_ups_fired"] == third["follow_ups_fired"] == 0
    assert kinds(advisor) == [K.CALLBACK_OVERDUE]
    assert ClockFiring.objects.filter(case=call).count() == 1


# --- planned follow-ups ---------------------------------------------------------------


@pytest.fixture
def planned(case, advisor, colleague):
    return followups.follow_up_add(
        case=case,
        by=advisor,
        kind=c.FollowUpKind.AFTERCARE,
        due_at=timezone.now() + timedelta(days=14),
        owner=colleague,
    )


def test_planned_follow_up_not_yet_due_fires_nothing(planned, colleague):
    assert followups.fire_due_follow_ups(now=planned.due_at - timedelta(minutes=1)) == 0
    assert kinds(colleague) == []


def test_planned_follow_up_due_tells_its_owner_only(planned, advisor, colleague):
    assert followups.fire_due_follow_ups(now=planned.due_at) == 1
    assert kinds(colleague) == [K.FOLLOW_UP_DUE]
    assert kinds(advisor) == []
    # In the owner's list, marked overdue.
    assert list(followups.open_follow_ups_of(colleague)) == [planned]


def test_planned_follow_up_done_fires_nothing(planned, advisor, colleague):
    followups.follow_up_done(follow_up=planned, by=advisor)
    assert followups.fire_due_follow_ups(now=planned.due_at + timedelta(days=1)) == 0
    assert kinds(colleague) == []
    assert list(followups.open_follow_ups_of(colleague)) == []


def test_a_new_due_moment_of_the_same_case_fires_again(case, advisor):
    """Idempotent per due moment, not per case."""
    now = timezone.now()
    for days in (1, 2):
        followups.follow_up_add(
            case=case,
            by=advisor,
            kind=c.FollowUpKind.NEXT_CONTACT,
            due_at=now + timedelta(days=days),
            owner=advisor,
        )
    assert followups.fire_due_follow_ups(now=now + timedelta(days=3)) == 2
    assert kinds(advisor) == [K.FOLLOW_UP_DUE, K.FOLLOW_UP_DUE]


# --- the first-contact clock ----------------------------------------------------------


def test_accepted_case_gets_a_first_contact_follow_up_for_the_ambassador(
    accepted_case, ambassador
):
    follow_up = FollowUp.objects.get(case=accepted_case)
    assert follow_up.kind == c.FollowUpKind.FIRST_CONTACT
    assert follow_up.owner == ambassador.user
    handoff = accepted_case.handoffs.get()
    assert follow_up.due_at - handoff.responded_at == pytest.approx(
        timedelta(days=settings.KLANKBORD_FIRST_CONTACT_DAYS), abs=timedelta(seconds=5)
    )


def test_first_contact_not_yet_due_fires_nothing(accepted_case, ambassador):
    due = FollowUp.objects.get(case=accepted_case).due_at
    assert followups.fire_due_follow_ups(now=due - timedelta(hours=1)) == 0
    assert K.FIRST_CONTACT_OVERDUE not in kinds(ambassador.user)


def test_first_contact_due_tells_the_ambassador_and_the_advisor(
    accepted_case, ambassador, advisor
):
    due = FollowUp.objects.get(case=accepted_case).due_at
    assert followups.fire_due_follow_ups(now=due) == 1
    assert K.FIRST_CONTACT_OVERDUE in kinds(ambassador.user)
    assert K.FIRST_CONTACT_OVERDUE in kinds(advisor)


def test_first_contact_done_by_a_contact_moment(accepted_case, ambassador, advisor):
    note_add(
        case=accepted_case,
        by=fresh(ambassador.user),
        text="Kennismakingsgesprek.",
        kind=c.NoteKind.CONTACT,
        contact_mode=c.ContactMode.MEETING,
    )
    due = FollowUp.objects.get(case=accepted_case).due_at
    assert followups.fire_due_follow_ups(now=due + timedelta(days=1)) == 0
    assert K.FIRST_CONTACT_OVERDUE not in kinds(ambassador.user)


# --- the handoff that is not accepted -------------------------------------------------


def days_later(handoff, days, minutes=0):
    return handoff.offered_at + timedelta(days=days, minutes=minutes)


def test_offer_not_yet_overdue_stays(handed_case, ambassador):
    handoff = handed_case.handoffs.get()
    assert followups.expire_offered_handoffs(now=days_later(handoff, 3, -1)) == 0
    handoff.refresh_from_db()
    assert handoff.status == c.HandoffStatus.OFFERED


def test_offer_not_accepted_in_three_days_goes_back_to_the_advisor(
    handed_case, ambassador, advisor
):
    handoff = handed_case.handoffs.get()
    assert followups.expire_offered_handoffs(now=days_later(handoff, 3)) == 1
    handoff.refresh_from_db()
    handed_case.refresh_from_db()
    assert handoff.status == c.HandoffStatus.ENDED
    assert handoff.end_reason == "not accepted in time"
    assert handed_case.status == c.Status.TRIAGE
    history = handed_case.history.order_by("-at", "-pk").first()
    assert (history.from_status, history.to_status, history.by) == (
        c.Status.HANDOFF_OFFERED,
        c.Status.TRIAGE,
        None,
    )
    # The ambassador's access ended with it.
    assert not Case.objects.visible_to(fresh(ambassador.user)).exists()
    assert K.HANDOFF_EXPIRED in kinds(advisor)
    assert K.OFFER_EXPIRED in kinds(ambassador.user)


def test_answered_offer_does_not_expire(accepted_case, ambassador):
    handoff = accepted_case.handoffs.get()
    assert followups.expire_offered_handoffs(now=days_later(handoff, 30)) == 0
    handoff.refresh_from_db()
    assert handoff.status == c.HandoffStatus.ACCEPTED


def test_the_accept_days_are_a_setting(settings, handed_case):
    settings.KLANKBORD_HANDOFF_ACCEPT_DAYS = 1
    handoff = handed_case.handoffs.get()
    assert followups.expire_offered_handoffs(now=days_later(handoff, 1)) == 1


def test_expiry_run_twice_takes_back_once(handed_case, advisor):
    Handoff.objects.filter(case=handed_case).update(
        offered_at=timezone.now() - timedelta(days=4)
    )
    assert tasks.run_clocks()["handoffs_expired"] == 1
    assert tasks.run_clocks()["handoffs_expired"] == 0
    assert kinds(advisor).count(K.HANDOFF_EXPIRED) == 1
    assert handed_case.history.filter(to_status=c.Status.TRIAGE).count() == 1


def test_the_clocks_run_in_the_beat():
    tasks_scheduled = {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert "cases.tasks.run_clocks" in tasks_scheduled
    assert "cases.tasks.send_notification_digests" in tasks_scheduled


# --- the lists: overdue mark and "due first" ------------------------------------------


def overdue(case, owner, *, minutes):
    """An open follow-up of ``case``, due ``minutes`` ago (negative: from now)."""
    return FollowUp.objects.create(
        case=case,
        kind=c.FollowUpKind.NEXT_CONTACT,
        due_at=timezone.now() - timedelta(minutes=minutes),
        owner=owner,
    )


def test_queue_marks_overdue_cases_and_sorts_due_first(client, advisor, office_holder):
    older_overdue = recorded_case(advisor, office_holder)
    not_due = recorded_case(advisor, office_holder)
    newest_plain = recorded_case(advisor, office_holder)
    overdue(older_overdue, advisor, minutes=30)
    overdue(not_due, advisor, minutes=-600)
    client.force_login(advisor)
    response = client.get(reverse("cases:queue"))
    rows = {case.pk: case for case in response.context["cases"]}
    html = response.content.decode()
    assert html.count("kb-overdue") == 1
    assert rows[older_overdue.pk].next_due is not None
    response = client.get(reverse("cases:queue") + "?sort=due")
    order = [case.pk for case in response.context["cases"]]
    assert order == [older_overdue.pk, not_due.pk, newest_plain.pk]


def test_ambassador_list_marks_overdue_and_sorts_due_first(
    client, advisor, ambassador, office_holder
):
    from tests.factories import handed_off_case

    first = handed_off_case(
        case=recorded_case(advisor, office_holder),
        advisor=advisor,
        ambassador=ambassador,
        accept=True,
    )
    second = handed_off_case(
        case=recorded_case(advisor, office_holder),
        advisor=advisor,
        ambassador=ambassador,
        accept=True,
    )
    overdue(first, ambassador.user, minutes=5)
    client.force_login(ambassador.user)
    url = reverse("cases:ambassador_list")
    response = client.get(url)
    assert [case.pk for case in response.context["cases"]] == [second.pk, first.pk]
    assert response.content.decode().count("kb-overdue") == 1
    response = client.get(url + "?sort=due")
    assert [case.pk for case in response.context["cases"]] == [first.pk, second.pk]


def test_ambassador_list_marks_an_offer_whose_answer_is_overdue(
    client, handed_case, ambassador
):
    Handoff.objects.filter(case=handed_case).update(
        offered_at=timezone.now() - timedelta(days=3, minutes=1)
    )
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:ambassador_list"))
    assert "Antwoord te laat" in response.content.decode()


# --- two beats at the same moment -----------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_at_the_same_moment_fire_once(advisor, office_holder, ambassador):
    """Two workers run the clocks at once, each in its own connection: the unique
    firing row lets one of them do the work."""
    from tests.factories import handed_off_case

    case = handed_off_case(
        case=recorded_case(advisor, office_holder),
        advisor=advisor,
        ambassador=ambassador,
    )
    Handoff.objects.filter(case=case).update(
        offered_at=timezone.now() - timedelta(days=4)
    )
    overdue(case, advisor, minutes=2)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def beat():
        try:
            barrier.wait(timeout=10)
            results.append(tasks.run_clocks())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(r["handoffs_expired"] for r in results) == 1
    assert sum(r["follow_ups_fired"] for r in results) == 1
    assert kinds(advisor).count(K.HANDOFF_EXPIRED) == 1
    assert kinds(advisor).count(K.FOLLOW_UP_DUE) == 1
    assert case.history.filter(to_status=c.Status.TRIAGE).count() == 1
