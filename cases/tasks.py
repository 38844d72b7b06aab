"""Background work for the case flow. Tasks take ids and are idempotent."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.constants import HandoffStatus
from cases.models import Consent, Handoff
from cases.permissions import is_advisor_colleague
from cases.services import followups, notifications

logger = logging.getLogger(__name__)


def _send_notice(recipient: str, url_name: str, subject: str, body: str) -> None:
    """A notification e-mail: a subject and a link to log in, never case content."""
    url = settings.SITE_URL.rstrip("/") + reverse(url_name)
    send_mail(
        subject=subject,
        message=body % {"url": url},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notify_ambassador_of_handoff(handoff_id: int) -> bool:
    """E-mail the ambassador that a case awaits them. The message holds no case content:
    no name, no municipality, no category, not even the case reference — only a link to
    log in. Sends at most once per handoff (``notified_at`` is set in the same
    transaction that holds the row lock). Returns whether a message was sent."""
    with transaction.atomic():
        handoff = (
            Handoff.objects.select_for_update(of=("self",))
            .select_related("ambassador__user")
            .filter(
                pk=handoff_id, status=HandoffStatus.OFFERED, notified_at__isnull=True
            )
            .first()
        )
        if handoff is None:
            return False
        user = handoff.ambassador.user
        if not notifications.wants_email_at_once(user):
            # They chose a daily summary or none: the inbox has it.
            handoff.notified_at = timezone.now()
            handoff.save(update_fields=["notified_at"])
            return False
        if not user.email:
            # Nothing to send to: mark it handled so the sweeper does not retry forever;
            # the case is in the ambassador's list when they log in.
            logger.warning(
                "Ambassador %s has no e-mail address.", handoff.ambassador_id
            )
            handoff.notified_at = timezone.now()
            handoff.save(update_fields=["notified_at"])
            return False
        with translation.override(settings.LANGUAGE_CODE):
            _send_notice(
                user.email,
                "cases:ambassador_list",
                _("Klankbord: a case awaits you"),
                _(
                    "Hello,\n\nA confidential advisor has handed a case to you. "
                    "Log in to Klankbord to read it and to accept or decline it:\n\n"
                    "%(url)s\n\nThis message contains no case details on purpose."
                ),
            )
        handoff.notified_at = timezone.now()
        handoff.save(update_fields=["notified_at"])
    return True


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notify_advisor_of_decline(handoff_id: int) -> bool:
    """E-mail the case's owner that an ambassador gave a case back. No case content: a
    link to the advisor's queue only. At most once per handoff (``decline_notified_at``
    under a row lock). A case without an owner is in the "unassigned" view already."""
    with transaction.atomic():
        handoff = (
            Handoff.objects.select_for_update(of=("self",))
            .select_related("case__owner")
            .filter(
                pk=handoff_id,
                status=HandoffStatus.DECLINED,
                decline_notified_at__isnull=True,
            )
            .first()
        )
        if handoff is None:
            return False
        owner = handoff.case.owner
        sent = False
        if (
            owner is not None
            and owner.is_active
            and owner.email
            and notifications.wants_email_at_once(owner)
        ):
            with translation.override(settings.LANGUAGE_CODE):
                _send_notice(
                    owner.email,
                    "cases:queue",
                    _("Klankbord: an ambassador gave a case back"),
                    _(
                        "Hello,\n\nAn ambassador has declined a case you handed over; "
                        "it is back in your queue with their reason. Log in to "
                        "Klankbord to see it:\n\n%(url)s\n\nThis message contains "
                        "no case details on purpose."
                    ),
                )
            sent = True
        handoff.decline_notified_at = timezone.now()
        handoff.save(update_fields=["decline_notified_at"])
    return sent


def revocation_recipient(consent: Consent):
    """Who hears of a revocation the ambassador recorded: the case's owner, or else
    the advisor who recorded the consent, while they are an active advisor of the
    case's organisation."""
    organisation_id = consent.case.organisation_id
    for user in (consent.case.owner, consent.recorded_by):
        if user is not None and is_advisor_colleague(user, organisation_id):
            return user
    return None


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notify_advisor_of_revocation(consent_id: int) -> bool:
    """E-mail the case's advisor that the ambassador recorded a revocation of a
    consent. No content: not the case, not the kind of consent, not the reason — a
    link to the advisor's queue only. At most once per consent
    (``revoke_notified_at`` under a row lock). Returns whether a message was sent."""
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("case__owner", "recorded_by")
            .filter(
                pk=consent_id,
                revoked_at__isnull=False,
                revoke_notified_at__isnull=True,
            )
            .first()
        )
        if consent is None:
            return False
        advisor = revocation_recipient(consent)
        sent = False
        if advisor is not None and not notifications.wants_email_at_once(advisor):
            pass  # They chose a daily summary or none: the inbox has it.
        elif advisor is not None and advisor.email:
            with translation.override(settings.LANGUAGE_CODE):
                _send_notice(
                    advisor.email,
                    "cases:queue",
                    _("Klankbord: a consent was revoked"),
                    _(
                        "Hello,\n\nAn ambassador has recorded that the person "
                        "revoked a consent in a case of yours, with the reason they "
                        "gave. Log in to Klankbord to see it:\n\n%(url)s\n\nThis "
                        "message contains no case details on purpose."
                    ),
                )
            sent = True
        else:
            logger.warning(
                "Consent %s: no advisor to tell of the revocation.", consent_id
            )
        consent.revoke_notified_at = timezone.now()
        consent.save(update_fields=["revoke_notified_at"])
    return sent


@shared_task
def deliver_pending_notifications() -> int:
    """Beat sweeper: re-enqueue notifications that a broker outage lost."""
    cutoff = timezone.now() - timedelta(minutes=1)
    offered = Handoff.objects.filter(
        status=HandoffStatus.OFFERED, notified_at__isnull=True, offered_at__lt=cutoff
    ).values_list("pk", flat=True)
    declined = Handoff.objects.filter(
        status=HandoffStatus.DECLINED,
        decline_notified_at__isnull=True,
        responded_at__lt=cutoff,
    ).values_list("pk", flat=True)
    revoked = Consent.objects.filter(
        revoked_at__isnull=False,
        revoke_notified_at__isnull=True,
        revoked_at__lt=cutoff,
    ).values_list("pk", flat=True)
    count = 0
    for consent_id in revoked:
        notify_advisor_of_revocation.delay(consent_id)
        count += 1
    for handoff_id in offered:
        notify_ambassador_of_handoff.delay(handoff_id)
        count += 1
    for handoff_id in declined:
        notify_advisor_of_decline.delay(handoff_id)
        count += 1
    for notification_id in notifications.pending_email_ids():
        email_notification.delay(notification_id)
        count += 1
    return count


@shared_task(acks_late=True, reject_on_worker_lost=True)
def email_notification(notification_id: int) -> bool:
    """E-mail a user that there is a new notification (no content; at most once)."""
    return notifications.email_notification(notification_id)


@shared_task
def send_notification_digests() -> int:
    """Beat, daily: the summary e-mail for who chose it (idempotent per
    notification)."""
    return notifications.email_digests()


@shared_task
def run_clocks() -> dict:
    """Beat, every minute: the follow-up clocks. Idempotent: a clock fires once per
    case and due moment (a unique row), however often this runs."""
    return {
        "handoffs_expired": followups.expire_offered_handoffs(),
        "follow_ups_fired": followups.fire_due_follow_ups(),
    }
