"""Recording signals and process feedback; all writes of the signals app go here."""

import hashlib
import hmac
import unicodedata

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import constants as c
from cases.models import Case, Consent
from core.audit import audit
from core.constants import AuditAction
from core.models import Organisation
from core.permissions import Feature, can_use
from core.roles import organisation_id_of
from signals import constants as sc
from signals import releases
from signals.models import ProcessFeedback, Signal, StatisticsRelease


def can_record(user) -> bool:
    return can_use(user, Feature.SIGNAL_RECORD)


def _require_recorder(user) -> None:
    if not can_record(user):
        raise PermissionDenied


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def person_key(name: str, gemeente_code: str) -> int:
    """A keyed pseudonym of a person: the same name and gemeente give the same key, so
    a person is counted once however many signals are recorded about them. Neither the
    name nor the gemeente is stored; without the key the pseudonym cannot be reversed
    by trying names."""
    secret = settings.SIGNALS_PERSON_KEY or ("signals-person:" + settings.SECRET_KEY)
    message = f"{_normalise(name)}|{gemeente_code.upper()}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _recorder_organisation(user) -> int:
    """A standalone signal feeds the figures of its recorder's organisation."""
    organisation_id = organisation_id_of(user)
    if organisation_id is None:
        raise PermissionDenied
    return organisation_id


def statistics_consent(case: Case) -> Consent | None:
    return (
        Consent.objects.filter(
            case=case, purpose=c.ConsentPurpose.STATISTICS, revoked_at__isnull=True
        )
        .order_by("-given_at", "-pk")
        .first()
    )


def _check_quarter(quarter: int) -> None:
    if quarter > sc.quarter_of_date(timezone.localdate()):
        raise ValidationError({"quarter": _("This quarter lies in the future.")})


@transaction.atomic
def signal_record(
    *,
    by,
    name: str,
    gemeente,
    category: int,
    office: int,
    quarter: int,
    channel: int,
    perpetrator: int,
    police: int,
    impact: int,
    consent_given_on,
) -> Signal:
    """A standalone signal. ``name`` and ``gemeente`` only make the person pseudonym;
    the signal keeps the gemeente's province and region, never the gemeente."""
    _require_recorder(by)
    if not name.strip():
        raise ValidationError({"name": _("Fill in the name (it is not stored).")})
    if consent_given_on is None:
        raise ValidationError(
            {"consent_given_on": _("A signal counts only with consent for statistics.")}
        )
    if consent_given_on > timezone.localdate():
        raise ValidationError({"consent_given_on": _("This date lies in the future.")})
    _check_quarter(quarter)
    signal = Signal(
        person_key=person_key(name, gemeente.code),
        organisation_id=_recorder_organisation(by),
        category=category,
        office=office,
        province_id=gemeente.province_id,
        region_id=gemeente.region_id,
        quarter=quarter,
        channel=channel,
        perpetrator=perpetrator,
        police=police,
        impact=impact,
        consent_given_on=consent_given_on,
        recorded_by=by,
    )
    signal.full_clean(exclude=["person_key"])
    signal.save()
    audit(by, AuditAction.CREATE, signal, "standalone")
    return signal


@transaction.atomic
def signal_from_case(
    *,
    by,
    case: Case,
    channel: int,
    perpetrator: int,
    police: int,
    impact: int,
) -> Signal:
    """A signal derived from a case the user may see, only while the case has a valid
    consent for statistics. Category, office, province, region and quarter come from
    the case; one signal per case."""
    _require_recorder(by)
    if not Case.objects.visible_to(by).filter(pk=case.pk).exists():
        raise PermissionDenied
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if statistics_consent(case) is None:
        raise ValidationError(
            _("This case has no valid consent for statistics; record it first.")
        )
    if Signal.objects.filter(case=case).exists():
        raise ValidationError(_("A signal has already been recorded for this case."))
    category = sc.CATEGORY_FROM_CASE.get(case.category)
    if category is None:
        raise ValidationError(_("A case outside the scope gives no signal."))
    holder = case.office_holder
    gemeente = holder.gemeente
    signal = Signal(
        person_key=person_key(holder.name, gemeente.code),
        case=case,
        organisation_id=case.organisation_id,
        category=category,
        office=sc.OFFICE_FROM_CASE[holder.office],
        province_id=gemeente.province_id,
        region_id=gemeente.region_id,
        quarter=sc.quarter_of_date(case.occurred_on),
        channel=channel,
        perpetrator=perpetrator,
        police=police,
        impact=impact,
        recorded_by=by,
    )
    signal.full_clean(exclude=["person_key", "case"])
    signal.save()
    audit(by, AuditAction.CREATE, signal, "from case")
    return signal


@transaction.atomic
def signal_revoke_consent(*, signal: Signal, by) -> int:
    """Revoke the statistics consent of a standalone signal's person: every standalone
    signal about the same person stops counting. (A derived signal follows its case's
    consent, revoked on the case page.) Returns how many signals stopped counting."""
    if signal.recorded_by_id != by.pk:
        raise PermissionDenied
    if signal.case_id is not None:
        raise ValidationError(
            _("This signal follows the consent recorded on its case; revoke it there.")
        )
    updated = Signal.objects.filter(
        person_key=signal.person_key,
        case__isnull=True,
        consent_revoked_at__isnull=True,
    ).update(consent_revoked_at=timezone.now())
    if not updated:
        raise ValidationError(_("This consent has already been revoked."))
    audit(by, AuditAction.REVOKE, signal, "statistics consent")
    return updated


# --- releases -------------------------------------------------------------------------


def release_request(*, organisation_id: int, by) -> StatisticsRelease:
    """A release started by staff: compiled in the background, numbered on request."""
    from signals.tasks import enqueue_release

    if not can_use(by, Feature.SIGNALS_STAFF):
        raise PermissionDenied
    organisation = Organisation.objects.get(pk=organisation_id)
    with transaction.atomic():
        release = releases.request_release(organisation, sc.ReleaseReason.MANUAL, by=by)
        enqueue_release(release)
    return release


# --- process feedback (four eyes) -----------------------------------------------------


def feedback_submit(*, by, text: str) -> ProcessFeedback:
    _require_recorder(by)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the feedback.")})
    feedback = ProcessFeedback.objects.create(
        text=text, author=by, quarter=sc.quarter_of_date(timezone.localdate())
    )
    audit(by, AuditAction.CREATE, feedback)
    return feedback


def can_review_feedback(user) -> bool:
    return can_use(user, Feature.FEEDBACK_REVIEW)


def feedback_for_reviewer(user):
    """The feedback an advisor may review: written by someone else of their own
    organisation. Unreviewed text may still point to a person, so an advisor of
    another organisation (a party's VP) never reads it."""
    organisation_id = organisation_id_of(user)
    if organisation_id is None:
        return ProcessFeedback.objects.none()
    return ProcessFeedback.objects.exclude(author=user).filter(
        author__membership__organisation_id=organisation_id
    )


@transaction.atomic
def feedback_review(*, feedback: ProcessFeedback, by, approve: bool) -> ProcessFeedback:
    """A second person (a confidential advisor who did not write it) checks that the
    feedback holds nothing that points to a person; only then do staff see it."""
    if not can_review_feedback(by):
        raise PermissionDenied
    feedback = ProcessFeedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.author_id == by.pk:
        raise PermissionDenied(_("A second person must review this feedback."))
    if not feedback_for_reviewer(by).filter(pk=feedback.pk).exists():
        raise PermissionDenied
    if feedback.status != sc.FeedbackStatus.PENDING:
        raise ValidationError(_("This feedback has already been reviewed."))
    feedback.status = (
        sc.FeedbackStatus.APPROVED if approve else sc.FeedbackStatus.REJECTED
    )
    feedback.reviewed_by = by
    feedback.reviewed_at = timezone.now()
    feedback.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit(by, AuditAction.UPDATE, feedback, feedback.status)
    return feedback
