"""The inbox: a notification per event for the right role, content-free; the unread
count; marking read only one's own; e-mail as the user chose; planning follow-ups."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases import tasks
from cases.models import FollowUp, Notification, NotificationSetting
from cases.services import followups, notifications
from cases.services.case import case_close
from cases.services.consent import consent_revoke
from cases.services.handoff import handoff_decline, handoff_withdraw
from cases.services.intake import hotline_call_create
from tests.factories import fresh

pytestmark = pytest.mark.django_db

K = c.NotificationKind
SECRETS = ("GEHEIM-ZIN-42", "Gerda", "Raadslid", "NACHT-GEHEIM")


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def choose(user, email):
    NotificationSetting.objects.update_or_create(user=user, defaults={"email": email})


# --- one notification per event, for the right people ---------------------------------


def test_new_offer_tells_the_ambassador_only(handed_case, ambassador, advisor):
    assert kinds(ambassador.user) == [K.HANDOFF_OFFERED]
    assert kinds(advisor) == []


def test_accepted_handoff_tells_the_advisor(accepted_case, advisor, ambassador):
    assert kinds(advisor) == [K.HANDOFF_ACCEPTED]
    assert kinds(ambassador.user) == [K.HANDOFF_OFFERED]


def test_declined_handoff_tells_the_advisor(handed_case, advisor, ambassador):
    handoff_decline(
        handoff=handed_case.handoffs.get(), by=fresh(ambassador.user), reason="Vol."
    )
    assert kinds(advisor) == [K.HANDOFF_DECLINED]


def test_closing_by_the_ambassador_tells_the_advisor(
    accepted_case, advisor, ambassador
):
    case_close(case=accepted_case, by=fresh(ambassador.user), outcome="Afgerond.")
    assert K.CLOSED_BY_AMBASSADOR in kinds(advisor)


def test_closing_by_the_advisor_tells_nobody(case, advisor):
    case_close(case=case, by=advisor, outcome="Afgerond.")
    assert Notification.objects.count() == 0


def test_taking_back_tells_the_ambassador(accepted_case, advisor, ambassador):
    handoff_withdraw(case=accepted_case, by=advisor, reason="Zelf verder.")
    assert K.TAKEN_BACK in kinds(ambassador.user)
    # Their first-contact follow-up ended with the handoff.
    assert not FollowUp.objects.filter(
        owner=ambassador.user, done_at__isnull=True
    ).exists()


def test_revocation_by_the_ambassador_tells_the_advisor(
    accepted_case, advisor, ambassador
):
    consent = accepted_case.consents.get()
    consent_revoke(consent=consent, by=fresh(ambassador.user), reason="Wil stoppen.")
    assert K.CONSENT_REVOKED in kinds(advisor)
    assert K.CONSENT_REVOKED not in kinds(ambassador.user)


def test_revocation_by_the_advisor_tells_the_ambassador(
    accepted_case, advisor, ambassador
):
    consent_revoke(consent=accepted_case.consents.get(), by=advisor, reason="Belde.")
    assert K.CONSENT_REVOKED in kinds(ambassador.user)
    assert K.CONSENT_REVOKED not in kinds(advisor)


def test_a_call_to_the_24_7_line_tells_the_other_advisors_of_the_organisation(
    advisor, colleague, other_org_advisor, ambassador, gemeente
):
    hotline_call_create(
        by=advisor,
        name="Nachtelijk Raadslid",
        office=c.Office.ALDERMAN,
        gemeente=gemeente,
        immediate_danger=True,
        account="NACHT-GEHEIM-5",
    )
    assert kinds(colleague) == [K.HOTLINE_CALL]
    assert kinds(advisor) == []
    assert kinds(other_org_advisor) == []
    assert kinds(ambassador.user) == []


def test_notification_text_names_the_reference_and_nothing_else(
    handed_case, ambassador
):
    notification = Notification.objects.get(user=ambassador.user)
    text = notifications.message(notification)
    assert handed_case.reference in text
    assert not any(secret in text for secret in SECRETS)


# --- the inbox page, the count, marking read ------------------------------------------


def test_inbox_lists_own_notifications_with_a_link_to_the_case(
    client, accepted_case, advisor
):
    client.force_login(advisor)
    response = client.get(reverse("cases:inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert accepted_case.reference in html
    assert reverse("cases:detail", args=[accepted_case.pk]) in html
    assert not any(secret in html for secret in SECRETS[:1])


def test_inbox_gives_no_link_to_a_case_the_user_can_no_longer_see(
    client, accepted_case, advisor, ambassador
):
    handoff_withdraw(case=accepted_case, by=advisor, reason="Zelf verder.")
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:inbox"))
    html = response.content.decode()
    assert accepted_case.reference in html
    assert reverse("cases:detail", args=[accepted_case.pk]) not in html


def test_unread_count_in_the_header(client, accepted_case, advisor):
    client.force_login(advisor)
    page = client.get(reverse("cases:queue")).content.decode()
    assert reverse("cases:inbox_count") in page
    count = client.get(reverse("cases:inbox_count")).content.decode()
    assert ">1<" in count
    notifications.mark_all_read(user=advisor)
    assert client.get(reverse("cases:inbox_count")).content.decode().strip() == ""


def test_header_has_no_inbox_for_roles_without_notifications(client, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("cases:inbox_count") not in page


def test_mark_read_and_mark_all_read(client, accepted_case, advisor, colleague):
    Notification.objects.create(user=advisor, kind=K.FOLLOW_UP_DUE, case=accepted_case)
    theirs = Notification.objects.create(
        user=colleague, kind=K.FOLLOW_UP_DUE, case=accepted_case
    )
    first = Notification.objects.filter(user=advisor).first()
    client.force_login(advisor)
    response = client.post(reverse("cases:notification_read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert notifications.unread_count(advisor) == 1
    client.post(reverse("cases:notifications_read_all"))
    assert notifications.unread_count(advisor) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None  # all of mine, not all


def test_marking_another_users_notification_read_is_a_404(
    client, accepted_case, advisor, ambassador
):
    """IDOR: the id of someone else's notification."""
    theirs = Notification.objects.get(user=ambassador.user)
    client.force_login(advisor)
    response = client.post(reverse("cases:notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert notifications.mark_read(user=advisor, notification_id=theirs.pk) is False


def test_mark_read_needs_a_post(client, accepted_case, advisor):
    mine = Notification.objects.get(user=advisor)
    client.force_login(advisor)
    response = client.get(reverse("cases:notification_read", args=[mine.pk]))
    assert response.status_code == 405


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 302
    assert reverse("cases:inbox") not in response["Location"].split("?")[0]


# --- e-mail as the user chose ---------------------------------------------------------


def test_at_once_sends_one_content_free_email_per_notification(
    accepted_case, advisor, ambassador, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks():
        handoff_withdraw(case=accepted_case, by=advisor, reason="Zelf verder.")
    notification = Notification.objects.get(user=ambassador.user, kind=K.TAKEN_BACK)
    assert notification.email_pending
    assert tasks.email_notification(notification.pk) is True
    assert tasks.email_notification(notification.pk) is False  # once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ambassador.user.email]
    body = message.subject + message.body
    assert accepted_case.reference not in body
    assert not any(secret in body for secret in SECRETS)


def test_daily_summary_instead_of_mail_at_once(accepted_case, advisor, ambassador):
    choose(ambassador.user, c.EmailChoice.DAILY)
    mail.outbox.clear()
    handoff_withdraw(case=accepted_case, by=advisor, reason="Zelf verder.")
    notification = Notification.objects.get(user=ambassador.user, kind=K.TAKEN_BACK)
    assert not notification.email_pending
    assert notifications.email_digests() == 1
    assert notifications.email_digests() == 0  # each notification once
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "2" in body  # the offer and the taking back
    assert accepted_case.reference not in body


def test_no_email_when_the_user_chose_none(handed_case, advisor, ambassador):
    choose(ambassador.user, c.EmailChoice.NONE)
    mail.outbox.clear()
    handoff = handed_case.handoffs.get()
    handoff.notified_at = None
    handoff.save(update_fields=["notified_at"])
    assert tasks.notify_ambassador_of_handoff(handoff.pk) is False
    assert notifications.email_digests() == 0
    assert mail.outbox == []
    # The inbox has it all the same.
    assert kinds(ambassador.user) == [K.HANDOFF_OFFERED]


def test_the_offer_email_is_not_sent_twice(handed_case, ambassador):
    """The offer has its own e-mail task: its notification sends none of its own."""
    notification = Notification.objects.get(user=ambassador.user)
    assert not notification.email_pending


def test_the_sweeper_resends_notification_emails_a_broker_lost(
    accepted_case, advisor, ambassador
):
    handoff_withdraw(case=accepted_case, by=advisor, reason="Zelf verder.")
    Notification.objects.filter(user=ambassador.user).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    pending = notifications.pending_email_ids()
    assert list(
        Notification.objects.filter(pk__in=pending).values_list("kind", flat=True)
    ) == [K.TAKEN_BACK]


def test_email_setting_page_saves_the_choice(client, advisor):
    client.force_login(advisor)
    url = reverse("cases:email_setting")
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": c.EmailChoice.DAILY})
    assert response.status_code == 302
    assert notifications.email_choice(advisor) == c.EmailChoice.DAILY


def test_email_setting_refuses_an_unknown_choice(client, advisor):
    client.force_login(advisor)
    response = client.post(reverse("cases:email_setting"), {"email": "elk-uur"})
    assert response.status_code == 400
    assert not NotificationSetting.objects.filter(user=advisor).exists()


# --- planning a follow-up on the case page --------------------------------------------


def later(**kwargs):
    moment = timezone.localtime() + timedelta(**kwargs)
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_plan_a_follow_up_for_a_colleague(client, case, advisor, colleague):
    client.force_login(advisor)
    url = reverse("cases:follow_up_add", args=[case.pk])
    response = client.post(
        url,
        {
            "kind": c.FollowUpKind.AFTERCARE,
            "due_at": later(days=7),
            "owner": colleague.pk,
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.owner == colleague
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Aftercare check-in" in page or "Nazorg" in page


def test_a_follow_up_in_the_past_is_refused(client, case, advisor):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:follow_up_add", args=[case.pk]),
        {
            "kind": c.FollowUpKind.NEXT_CONTACT,
            "due_at": later(days=-1),
            "owner": advisor.pk,
        },
    )
    assert response.status_code == 400
    assert not FollowUp.objects.filter(case=case).exists()


def test_a_follow_up_for_someone_outside_the_case_is_refused(
    client, case, advisor, other_org_advisor, ambassador
):
    client.force_login(advisor)
    for outsider in (other_org_advisor, ambassador.user):
        response = client.post(
            reverse("cases:follow_up_add", args=[case.pk]),
            {
                "kind": c.FollowUpKind.NEXT_CONTACT,
                "due_at": later(days=1),
                "owner": outsider.pk,
            },
        )
        assert response.status_code == 400
    assert not FollowUp.objects.filter(case=case).exists()


def test_the_service_refuses_an_owner_outside_the_case(
    case, advisor, other_org_advisor
):
    with pytest.raises(ValidationError) as refused:
        followups.follow_up_add(
            case=case,
            by=advisor,
            kind=c.FollowUpKind.NEXT_CONTACT,
            due_at=timezone.now() + timedelta(days=1),
            owner=other_org_advisor,
        )
    assert "owner" in refused.value.error_dict


def test_an_offered_ambassador_cannot_plan_follow_ups(client, handed_case, ambassador):
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:follow_up_add", args=[handed_case.pk]))
    assert response.status_code == 403


def test_marking_another_organisations_follow_up_done_is_a_404(
    client, other_org_case, other_org_advisor, advisor
):
    theirs = FollowUp.objects.create(
        case=other_org_case,
        kind=c.FollowUpKind.NEXT_CONTACT,
        due_at=timezone.now() + timedelta(days=1),
        owner=other_org_advisor,
    )
    client.force_login(advisor)
    response = client.post(reverse("cases:follow_up_done", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None


def test_own_follow_ups_are_listed_in_the_inbox(client, case, advisor):
    follow_up = FollowUp.objects.create(
        case=case,
        kind=c.FollowUpKind.NEXT_CONTACT,
        due_at=timezone.now() - timedelta(minutes=1),
        owner=advisor,
    )
    client.force_login(advisor)
    html = client.get(reverse("cases:inbox")).content.decode()
    assert case.reference in html
    assert "Verlopen" in html  # overdue
    response = client.post(
        reverse("cases:follow_up_done", args=[follow_up.pk]), {"next": "inbox"}
    )
    assert response["Location"] == reverse("cases:inbox")
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_the_advisor_lands_on_the_queue_with_their_due_follow_ups(
    client, advisor, case
):
    """The queue shows the advisor's own follow-ups due within a day, and logs the
    read of their cases; one due next week waits in the inbox."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from cases.constants import FollowUpKind
    from cases.services import followups
    from core.models import AuditEvent

    soon = followups.follow_up_add(
        case=case,
        by=advisor,
        kind=FollowUpKind.CALLBACK,
        due_at=timezone.now() + timedelta(hours=3),
        owner=advisor,
    )
    later = followups.follow_up_add(
        case=case,
        by=advisor,
        kind=FollowUpKind.NEXT_CONTACT,
        due_at=timezone.now() + timedelta(days=7),
        owner=advisor,
    )
    client.force_login(advisor)
    response = client.get(reverse("cases:queue"))
    assert list(response.context["follow_ups"]) == [soon]
    assert later not in response.context["follow_ups"]
    assert reverse("cases:follow_up_done", args=[soon.pk]) in response.content.decode()
    assert AuditEvent.objects.filter(
        object_type="case", object_id=case.pk, detail="list"
    ).exists()
