"""A landelijke terugkomdag planned in the network is a signals return day, and its
meeting page links the anonymised signal report prepared for it (coordinators only)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassadors import services
from ambassadors.constants import MeetingKind
from ambassadors.models import Invitation, Meeting
from signals import constants as sc
from signals.models import Report, ReturnDay

pytestmark = pytest.mark.django_db


def _return_day_meeting(coordinator, held_on=None):
    meeting = Meeting(
        kind=MeetingKind.RETURN_DAY,
        title="Landelijke terugkomdag voorjaar",
        held_on=held_on or timezone.localdate() + timedelta(days=30),
        place="Utrecht",
        dagdelen=2,
    )
    return services.meeting_save(meeting=meeting, by=coordinator)


def _report_for(day, status=sc.ReportStatus.DONE):
    quarter = sc.quarter_of_date(day.date)
    return Report.objects.create(
        first_quarter=quarter - 4,
        last_quarter=quarter - 1,
        return_day=day,
        status=status,
    )


def test_planning_a_return_day_meeting_plans_the_signals_return_day(coordinator):
    meeting = _return_day_meeting(coordinator)
    day = ReturnDay.objects.get()
    assert day.date == meeting.held_on
    assert day.name == meeting.title


def test_saving_the_meeting_again_keeps_one_return_day(coordinator):
    meeting = _return_day_meeting(coordinator)
    services.meeting_save(meeting=meeting, by=coordinator)
    assert ReturnDay.objects.count() == 1


def test_a_training_is_not_a_return_day(coordinator):
    services.meeting_save(
        meeting=Meeting(
            kind=MeetingKind.TRAINING,
            title="Training",
            held_on=timezone.localdate() + timedelta(days=5),
            place="Zwolle",
            dagdelen=1,
        ),
        by=coordinator,
    )
    assert not ReturnDay.objects.exists()


def test_coordinator_sees_the_link_to_the_report_prepared_for_the_day(
    client, coordinator
):
    meeting = _return_day_meeting(coordinator)
    report = _report_for(ReturnDay.objects.get())
    client.force_login(coordinator)
    page = client.get(reverse("ambassadors:meeting_detail", args=[meeting.pk]))
    link = reverse("signals:report_detail", args=[report.pk])
    assert f'href="{link}"' in page.content.decode()


def test_invited_ambassador_is_told_the_report_is_ready_without_a_link(
    client, coordinator, ambassador
):
    meeting = _return_day_meeting(coordinator)
    report = _report_for(ReturnDay.objects.get())
    Invitation.objects.create(meeting=meeting, ambassador=ambassador)
    client.force_login(ambassador.user)
    page = client.get(reverse("ambassadors:meeting_detail", args=[meeting.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert reverse("signals:report_detail", args=[report.pk]) not in content
    assert "wordt op de dag gepresenteerd" in content


def test_before_the_report_exists_the_page_says_it_will_be_prepared(
    client, coordinator
):
    meeting = _return_day_meeting(coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("ambassadors:meeting_detail", args=[meeting.pk]))
    assert "automatisch voorbereid" in page.content.decode()
