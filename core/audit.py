"""Writing audit events: who, when, which object, what action. Never content.

And reading them back, per organisation: the access log and a case's audit log show
an administrator or a privacy officer the events of their own organisation only
(``events_of_organisation``), and each such view is itself an event.
"""

from collections.abc import Iterable

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from core.constants import AuditAction
from core.models import AuditEvent, Membership
from core.roles import organisation_id_of, primary_role

# Audit rows name the case an object belongs to (``AuditEvent.case_id``). The case
# model is named by its label, as ``AUTH_USER_MODEL`` names the user model: core
# imports no app.
CASE_MODEL = "cases.case"


def _object_type(obj: models.Model) -> str:
    return obj._meta.model_name


def _case_id(obj: models.Model) -> int | None:
    if obj._meta.label_lower == CASE_MODEL:
        return obj.pk
    return getattr(obj, "case_id", None)


def audit(user, action: str, obj: models.Model, detail: str = ""):
    """Record one event. ``detail`` names fields or states, never what was written."""
    return AuditEvent.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_username=getattr(user, "username", "") or "system",
        actor_role=primary_role(user) if user is not None else "",
        action=action,
        object_type=_object_type(obj),
        object_id=obj.pk,
        case_id=_case_id(obj),
        detail=detail[:200],
    )


def audit_reads(user, objects: Iterable[models.Model], detail: str = "") -> None:
    """Record a view of each object in one INSERT. ``detail`` says where it was seen
    (``LIST`` for a row of a list page, ``FORM`` for a form under the case header).

    The rows differ only in the object, so the INSERT takes three arrays (type, id,
    case) and the rest once: a page of sixty rows built sixty model instances and an
    INSERT of 540 parameters in ``bulk_create``, a few milliseconds of Python on the
    case page (issue 17)."""
    rows = [(_object_type(obj), obj.pk, _case_id(obj)) for obj in objects]
    if not rows:
        return
    types, ids, cases = zip(*rows, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {AuditEvent._meta.db_table}
                (at, actor_id, actor_username, actor_role, action, detail,
                 object_type, object_id, case_id)
            SELECT %s, %s, %s, %s, %s, %s, row.type, row.id, row.case_id
            FROM unnest(%s::varchar[], %s::bigint[], %s::bigint[])
                AS row(type, id, case_id)
            """,  # noqa: S608 - only the model's own table name is formatted in
            [
                timezone.now(),
                getattr(user, "pk", None),
                getattr(user, "username", ""),
                primary_role(user),
                AuditAction.VIEW,
                detail[:200],
                list(types),
                list(ids),
                list(cases),
            ],
        )


# Where a read happened, in ``detail`` (the page, never what it showed).
LIST = "list"
FORM = "form"


def audit_named(
    user,
    action: str,
    *,
    object_type: str,
    object_id: int = 0,
    case_id: int | None = None,
    detail: str = "",
):
    """Record an event about something that is not one row: the access log, a
    case's audit log (``case_id`` names the case, so the event is scoped to it)."""
    return AuditEvent.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_username=getattr(user, "username", "") or "system",
        actor_role=primary_role(user) if user is not None else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        case_id=case_id,
        detail=detail[:200],
    )


def events_of_organisation(organisation_id: int | None):
    """The audit events that belong to one organisation.

    An event about a case belongs to the case's organisation. An event without a
    case, or about a case that no longer exists (retention), belongs to the
    organisation of the person who acted; events of the system itself (no actor)
    with no living case belong to no organisation. No organisation, no events."""
    if organisation_id is None:
        return AuditEvent.objects.none()
    case_model = apps.get_model(CASE_MODEL)
    own_cases = case_model.objects.filter(organisation_id=organisation_id).values("pk")
    every_case = case_model.objects.values("pk")
    members = Membership.objects.filter(organisation_id=organisation_id).values(
        "user_id"
    )
    return AuditEvent.objects.filter(
        models.Q(case_id__in=own_cases)
        | (
            models.Q(actor_id__in=members)
            & (models.Q(case_id__isnull=True) | ~models.Q(case_id__in=every_case))
        )
    )


def events_visible_to(user):
    """The events of the user's own organisation (see ``events_of_organisation``).
    Who may open an audit view at all is the permission table's business."""
    return events_of_organisation(organisation_id_of(user))
