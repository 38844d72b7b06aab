"""The inbox: in-app notifications, and the e-mail about them each user chose.

A notification is a kind and a case, nothing else: the text shown in the inbox is made
from the kind and the case's reference (``message``), and the e-mail about it holds
neither (``email_notification``, ``email_digest``): a link to log in, no name, no
reference, no kind. Who gets one is decided where the event happens (the case
services and the clocks call ``notify``).

E-mail follows the user's ``NotificationSetting``: at once (one e-mail per
notification, sent by a task after commit; the beat sweeper re-sends what a broker
outage lost), a daily summary, or none. Three events had their own e-mail before the
inbox existed (a new offer, a declined handoff, a revocation the ambassador recorded);
their tasks send it only to a user who wants e-mail at once, and their notification
is created with ``emailed_elsewhere=True`` so nobody gets two.
"""

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases import constants as c
from cases.models import Case, Notification, NotificationSetting
from cases.permissions import advisors_of, is_advisor_colleague

logger = logging.getLogger(__name__)

K = c.NotificationKind

# The inbox's sentences: the case's reference and nothing else.
MESSAGES = {
    K.HANDOFF_ACCEPTED: gettext_lazy("The ambassador accepted case %(reference)s."),
    K.HANDOFF_DECLINED: gettext_lazy(
        "The ambassador declined case %(reference)s; it is back in your queue."
    ),
    K.CLOSED_BY_AMBASSADOR: gettext_lazy("The ambassador closed case %(reference)s."),
    K.HOTLINE_CALL: gettext_lazy("New call to the 24/7 line: case %(reference)s."),
    K.CONSENT_REVOKED: gettext_lazy("A consent was revoked in case %(reference)s."),
    K.HANDOFF_EXPIRED: gettext_lazy(
        "Case %(reference)s was not accepted in time and is back in your queue."
    ),
    K.CALLBACK_OVERDUE: gettext_lazy(
        "Case %(reference)s has not been called back in time."
    ),
    K.FOLLOW_UP_DUE: gettext_lazy("A follow-up of case %(reference)s is due."),
    K.FIRST_CONTACT_OVERDUE: gettext_lazy(
        "No contact with the person recorded yet in case %(reference)s."
    ),
    K.HANDOFF_OFFERED: gettext_lazy("A case awaits your answer: %(reference)s."),
    K.TAKEN_BACK: gettext_lazy("The advisor took case %(reference)s back."),
    K.OFFER_EXPIRED: gettext_lazy(
        "You did not answer the offer of case %(reference)s in time; it went back "
        "to the advisor."
    ),
}

# The name the e-mail task is registered under (``cases.tasks``). Sent by name: the
# tasks module runs the clocks, which notify, so importing it here would be a circle.
EMAIL_TASK = "cases.tasks.email_notification"


def message(notification: Notification) -> str:
    return MESSAGES[notification.kind] % {"reference": notification.case.reference}


def email_choice(user) -> str:
    """The user's choice of e-mail; at once unless they chose otherwise."""
    return (
        NotificationSetting.objects.filter(user=user)
        .values_list("email", flat=True)
        .first()
    ) or c.EmailChoice.IMMEDIATELY


def wants_email_at_once(user) -> bool:
    return email_choice(user) == c.EmailChoice.IMMEDIATELY


@transaction.atomic
def email_setting_save(*, user, email: str) -> NotificationSetting:
    """A user chooses how they hear of notifications by e-mail (for themselves)."""
    if email not in c.EmailChoice.values:
        raise ValidationError({"email": _("Choose one of the options.")})
    setting, _created = NotificationSetting.objects.update_or_create(
        user=user, defaults={"email": email}
    )
    return setting


def notify(
    user, kind: str, case: Case, *, now=None, emailed_elsewhere: bool = False
) -> Notification | None:
    """Put a notification in ``user``'s inbox (nobody: None) and, if they want e-mail
    at once, send one after commit. Content-free by construction: the row holds the
    kind and the case only."""
    if user is None or not user.is_active:
        return None
    pending = not emailed_elsewhere and bool(user.email) and wants_email_at_once(user)
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        case=case,
        created_at=now or timezone.now(),
        email_pending=pending,
    )
    if pending:
        send_email_later(notification.pk)
    return notification


def send_email_later(notification_id: int) -> None:
    def send():
        try:
            current_app.send_task(EMAIL_TASK, args=[notification_id])
        except Exception:  # noqa: BLE001 - any broker failure: the sweeper retries
            logger.warning("Could not enqueue a notification e-mail; will retry.")

    transaction.on_commit(send)


# --- who is told ----------------------------------------------------------------------


def case_advisor(case: Case, fallback=None):
    """The advisor who hears of an event on a case: its owner, or else ``fallback``
    (who offered the handoff, recorded the consent), while an active advisor of the
    case's organisation. None when there is nobody: the case is in the queue's
    "unassigned" view."""
    for user in (case.owner, fallback):
        if user is not None and is_advisor_colleague(user, case.organisation_id):
            return user
    return None


def notify_advisor(case: Case, kind: str, *, fallback=None, **options):
    return notify(case_advisor(case, fallback), kind, case, **options)


def notify_advisors_of_hotline_call(case: Case, *, by) -> int:
    """Every other active advisor of the organisation hears of a new call to the
    24/7 line (the one who took it knows)."""
    count = 0
    for user in advisors_of(case.organisation_id).exclude(pk=by.pk):
        if notify(user, K.HOTLINE_CALL, case):
            count += 1
    return count


# --- the inbox ------------------------------------------------------------------------


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).unread().count()


def mark_read(*, user, notification_id: int, now=None) -> bool:
    """Mark one of the user's own notifications read. Another user's is not found
    (False), like one that does not exist."""
    updated = (
        Notification.objects.visible_to(user)
        .unread()
        .filter(pk=notification_id)
        .update(read_at=now or timezone.now())
    )
    return bool(updated)


def mark_all_read(*, user, now=None) -> int:
    return (
        Notification.objects.visible_to(user)
        .unread()
        .update(read_at=now or timezone.now())
    )


# --- e-mail ---------------------------------------------------------------------------


def send_notice(recipient: str, subject: str, body: str) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse("cases:inbox")
    send_mail(
        subject=subject,
        message=body % {"url": url},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )


def email_notification(notification_id: int) -> bool:
    """Send the e-mail of one notification, at most once (``emailed_at`` under a row
    lock). It says that there is something new, nothing more. Returns whether a
    message was sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=notification_id, email_pending=True, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        user = notification.user
        sent = False
        if user.is_active and user.email and wants_email_at_once(user):
            with translation.override(settings.LANGUAGE_CODE):
                send_notice(
                    user.email,
                    _("Klankbord: a new notification"),
                    _(
                        "Hello,\n\nThere is a new notification for you in Klankbord. "
                        "Log in to read it:\n\n%(url)s\n\nThis message contains no "
                        "case details on purpose."
                    ),
                )
            sent = True
        notification.email_pending = False
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["email_pending", "emailed_at"])
    return sent


def pending_email_ids(*, now=None) -> list[int]:
    """Notifications whose e-mail a broker outage may have lost (older than a
    minute), for the beat sweeper."""
    cutoff = (now or timezone.now()) - timedelta(minutes=1)
    return list(
        Notification.objects.filter(
            email_pending=True, emailed_at__isnull=True, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )


def email_digests(*, now=None) -> int:
    """The daily summary: one e-mail per user who chose it and has notifications of
    the last day not yet e-mailed, with their number and nothing else. Each
    notification is counted once (``emailed_at``, under row locks that a second run
    at the same time skips). Returns the number of e-mails sent."""
    now = now or timezone.now()
    since = now - timedelta(days=1)
    users = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            email_pending=False,
            created_at__gte=since,
            created_at__lte=now,
            user__notification_setting__email=c.EmailChoice.DAILY,
            user__is_active=True,
        )
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(users):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(
                    user_id=user_id,
                    emailed_at__isnull=True,
                    email_pending=False,
                    created_at__gte=since,
                    created_at__lte=now,
                )
                .select_related("user")
            )
            if not rows:
                continue
            user = rows[0].user
            if user.email:
                with translation.override(settings.LANGUAGE_CODE):
                    send_notice(
                        user.email,
                        _("Klankbord: your notifications of today"),
                        ngettext(
                            "Hello,\n\nThere is %(count)d new notification for you "
                            "in Klankbord. Log in to read it:\n\n%%(url)s\n\nThis "
                            "message contains no case details on purpose.",
                            "Hello,\n\nThere are %(count)d new notifications for "
                            "you in Klankbord. Log in to read them:\n\n%%(url)s\n\n"
                            "This message contains no case details on purpose.",
                            len(rows),
                        )
                        % {"count": len(rows)},
                    )
                sent += 1
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                emailed_at=now
            )
    return sent
