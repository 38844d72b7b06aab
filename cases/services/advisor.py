"""What a confidential advisor did for the person, recorded, and the separate,
consented step that turns a melding into a formal report."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import constants as c
from cases import permissions
from cases.models import AdvisorAction, Case
from cases.permissions import Action
from cases.services.common import (
    danger_action_record,
    lock,
    require_open,
    valid_consents,
)
from core.audit import audit
from core.constants import AuditAction


def identifying_terms(case: Case) -> list[str]:
    """Words that would identify the person: their name (and its parts), e-mail
    address and phone number."""
    holder = case.office_holder
    terms = [holder.name.strip(), holder.email.strip(), holder.phone.strip()]
    terms += [part for part in re.split(r"[\s\-]+", holder.name) if len(part) >= 3]
    return [term for term in terms if term]


def identifies(text: str, case: Case) -> bool:
    for term in identifying_terms(case):
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE):
            return True
    return False


@transaction.atomic
def advisor_action_record(
    *,
    case: Case,
    by,
    kind: str,
    description: str,
    both_parties_agree: bool = False,
    not_identifying: bool = False,
) -> AdvisorAction:
    """Record what the advisor did. An informal solution needs both parties'
    agreement; advice to the board needs the person's valid consent for it, the
    advisor's confirmation that it does not identify them, and a text that does not
    name them. A formal report is not recorded here (``case_make_formal_report``).
    """
    permissions.require(by, Action.ADVISOR_ACTION_ADD, case)
    require_open(case)
    if kind not in c.RECORDABLE_ACTION_KINDS:
        raise ValidationError({"kind": _("Choose what you did from the list.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe briefly what you did.")})
    consent = None
    if kind == c.AdvisorActionKind.INFORMAL_SOLUTION and not both_parties_agree:
        raise ValidationError(
            {
                "both_parties_agree": _(
                    "An informal solution needs the agreement of both parties."
                )
            }
        )
    if kind == c.AdvisorActionKind.BOARD_ADVICE:
        consent = valid_consents(case, c.ConsentPurpose.BOARD_ADVICE).first()
        if consent is None:
            raise ValidationError(
                _("Record the person's consent for advice to the board first.")
            )
        if not not_identifying:
            raise ValidationError(
                {
                    "not_identifying": _(
                        "Confirm that the advice does not identify the person."
                    )
                }
            )
        if identifies(description, case):
            raise ValidationError(
                {
                    "description": _(
                        "The advice names or identifies the person (name, e-mail "
                        "address or phone number). Leave them out."
                    )
                }
            )
    action = AdvisorAction(
        case=case,
        kind=kind,
        description=description.strip(),
        both_parties_agree=both_parties_agree,
        consent=consent,
        created_by=by,
    )
    action.full_clean()
    action.save()
    audit(by, AuditAction.CREATE, action, kind)
    danger_action_record(case=case, by=by)
    return action


@transaction.atomic
def case_make_formal_report(
    *, case: Case, by, addressee: str, confirmed: bool
) -> AdvisorAction:
    """Turn a melding into a formal report to the organisation. Never silent: only an
    advisor of the case's organisation, only with the person's valid consent for this,
    with an explicit confirmation, once per case; recorded as an advisor action, on
    the case and in the audit log."""
    permissions.require(by, Action.FORMAL_REPORT, case)
    lock(case)
    case.refresh_from_db(fields=["formal_report_at"])
    if case.formal_report_at is not None:
        raise ValidationError(_("This melding is already a formal report."))
    require_open(case)
    consent = valid_consents(case, c.ConsentPurpose.FORMAL_REPORT).first()
    if consent is None:
        raise ValidationError(
            _(
                "Record the person's consent to turn the melding into a formal "
                "report first."
            )
        )
    if not confirmed:
        raise ValidationError(
            {"confirmed": _("Confirm that the person asked for a formal report.")}
        )
    addressee = addressee.strip()
    if not addressee:
        raise ValidationError(
            {"addressee": _("Say to whom the formal report is made.")}
        )
    case.formal_report_at = timezone.now()
    case.formal_report_by = by
    case.formal_report_to = addressee
    case.save(
        update_fields=[
            "formal_report_at",
            "formal_report_by",
            "formal_report_to",
            "updated_at",
        ]
    )
    action = AdvisorAction.objects.create(
        case=case,
        kind=c.AdvisorActionKind.FORMAL_REPORT,
        description=_("Formal report made to: %(addressee)s")
        % {"addressee": addressee},
        consent=consent,
        created_by=by,
    )
    audit(by, AuditAction.FORMAL_REPORT, case)
    audit(by, AuditAction.CREATE, action, action.kind)
    danger_action_record(case=case, by=by)
    return action
