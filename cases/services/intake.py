"""Recording a melding: the office holder it is about, the case, a call to the
24/7-lijn saved in seconds, and completing an intake later."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import constants as c
from cases import permissions, workflow
from cases.models import Case, OfficeHolder
from cases.permissions import Action
from cases.services import followups, notifications
from cases.services.common import lock, require_open
from core.audit import audit
from core.constants import AuditAction, OrganisationKind
from core.models import Organisation
from core.permissions import Feature, require_feature

ONLY_ADVISORS_RECORD = gettext_lazy("Only confidential advisors can record a melding.")


@transaction.atomic
def office_holder_create(
    *, by, name: str, office: str, gemeente, email: str = "", phone: str = ""
) -> OfficeHolder:
    organisation_id = permissions.require_organisation_member(
        by,
        Feature.CASE_CREATE,
        _("Only confidential advisors can register office holders."),
    )
    office_holder = OfficeHolder(
        organisation_id=organisation_id,
        name=name.strip(),
        office=office,
        gemeente=gemeente,
        email=email,
        phone=phone,
    )
    office_holder.full_clean()
    office_holder.save()
    audit(by, AuditAction.CREATE, office_holder)
    return office_holder


@transaction.atomic
def case_create(
    *,
    by,
    office_holder: OfficeHolder,
    channel: str,
    category: str,
    occurred_on,
    urgency: int,
    account: str,
    reported_at=None,
    owner=None,
    immediate_danger: bool = False,
    location: str = "",
    immediate_needs: str = "",
    intake_complete: bool = True,
    scope: str = "",
    told_instead: str = "",
) -> Case:
    """Record a melding. The case belongs to the advisor's organisation; the office
    holder must belong to it too. Writes the first history row and an audit event.

    A party's advisor states the scope; an out-of-scope melding is categorised as
    such, with what the person was told instead. A call to the 24/7-lijn may be saved
    incomplete (no category yet, ``intake_complete=False``)."""
    organisation_id = permissions.require_organisation_member(
        by, Feature.CASE_CREATE, str(ONLY_ADVISORS_RECORD)
    )
    if office_holder.organisation_id != organisation_id:
        raise ValidationError({"office_holder": _("Choose a known office holder.")})
    if owner is not None:
        require_colleague(owner, organisation_id)
    scope, category = check_scope(
        organisation_id=organisation_id,
        scope=scope,
        category=category,
        required=intake_complete,
    )
    case = Case(
        organisation_id=organisation_id,
        office_holder=office_holder,
        channel=channel,
        category=category,
        occurred_on=occurred_on,
        urgency=urgency,
        account=account,
        reported_at=reported_at or timezone.now(),
        owner=owner,
        created_by=by,
        immediate_danger=immediate_danger,
        location=location.strip(),
        immediate_needs=immediate_needs.strip(),
        intake_complete=intake_complete,
        scope=scope,
        told_instead=told_instead.strip() if scope else "",
    )
    case.full_clean()
    if case.reported_at > timezone.now():
        raise ValidationError({"reported_at": _("This moment lies in the future.")})
    case.save()
    workflow.start(case, by=by)
    audit(
        by,
        AuditAction.CREATE,
        case,
        "immediate danger" if immediate_danger else "",
    )
    return case


def require_colleague(user, organisation_id: int) -> None:
    """A case's owner is an active confidential advisor of its organisation."""
    if not permissions.is_advisor_colleague(user, organisation_id):
        raise ValidationError(
            {"owner": _("Choose a confidential advisor of your own organisation.")}
        )


def check_scope(
    *, organisation_id: int, scope: str, category: str, required: bool
) -> tuple[str, str]:
    """The scope question belongs to a party's intake. Returns (scope, category):
    an out-of-scope melding gets the out-of-scope category."""
    is_party = Organisation.objects.filter(
        pk=organisation_id, kind=OrganisationKind.PARTY
    ).exists()
    if not is_party:
        return "", category
    if not scope:
        if required:
            raise ValidationError(
                {"scope": _("Say whether the melding is in scope for the advisor.")}
            )
        return "", category
    if scope not in c.Scope.values:
        raise ValidationError({"scope": _("Choose a scope from the list.")})
    if scope not in c.IN_SCOPE:
        category = c.Category.OUT_OF_SCOPE
    return scope, category


@transaction.atomic
def hotline_call_create(
    *,
    by,
    name: str,
    office: str,
    gemeente,
    immediate_danger: bool,
    account: str,
    immediate_needs: str = "",
    phone: str = "",
    location: str = "",
) -> Case:
    """Save a call to the 24/7-lijn in seconds: who, where, immediate danger or not,
    what happened, what they need now. The case is the advisor's own, comes in via
    the 24/7-lijn, and stays marked incomplete (no category yet) until the advisor on
    duty completes the intake. Immediate danger makes it acute and flags it at the
    top of every queue until someone records an action on it.

    The office holder is reused when the organisation already knows this name in
    this municipality with this office; otherwise a new one is registered."""
    organisation_id = permissions.require_organisation_member(
        by, Feature.CASE_CREATE, str(ONLY_ADVISORS_RECORD)
    )
    # The 24/7 line is the association's: a party's advisor has none.
    require_feature(by, Feature.HOTLINE)
    office_holder = (
        OfficeHolder.objects.filter(
            organisation_id=organisation_id,
            name__iexact=name.strip(),
            gemeente=gemeente,
            office=office,
        )
        .order_by("pk")
        .first()
    )
    if office_holder is None:
        office_holder = office_holder_create(
            by=by, name=name, office=office, gemeente=gemeente, phone=phone
        )
    case = case_create(
        by=by,
        office_holder=office_holder,
        channel=c.Channel.HOTLINE,
        category="",
        occurred_on=timezone.localdate(),
        urgency=c.Urgency.ACUTE if immediate_danger else c.Urgency.HIGH,
        account=account,
        owner=by,
        immediate_danger=immediate_danger,
        location=location,
        immediate_needs=immediate_needs,
        intake_complete=False,
    )
    followups.plan_callback(case, owner=by)
    notifications.notify_advisors_of_hotline_call(case, by=by)
    return case


@transaction.atomic
def case_complete_intake(
    *,
    case: Case,
    by,
    category: str,
    occurred_on,
    urgency: int,
    account: str,
    immediate_needs: str = "",
    location: str = "",
    scope: str = "",
    told_instead: str = "",
) -> Case:
    """The advisor completes an intake (a call to the 24/7-lijn, or corrects any
    other): category, date, urgency, the full account. Marks the intake complete."""
    permissions.require(by, Action.COMPLETE_INTAKE, case)
    lock(case)
    require_open(case)
    scope, category = check_scope(
        organisation_id=case.organisation_id,
        scope=scope,
        category=category,
        required=True,
    )
    case.category = category
    case.occurred_on = occurred_on
    case.urgency = urgency
    case.account = account.strip()
    case.immediate_needs = immediate_needs.strip()
    case.location = location.strip()
    case.scope = scope
    case.told_instead = told_instead.strip() if scope else ""
    case.intake_complete = True
    case.full_clean()
    case.save(
        update_fields=[
            "category",
            "occurred_on",
            "urgency",
            "account",
            "immediate_needs",
            "location",
            "scope",
            "told_instead",
            "intake_complete",
            "updated_at",
        ]
    )
    audit(by, AuditAction.UPDATE, case, "intake completed")
    return case
