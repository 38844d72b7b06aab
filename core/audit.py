"""Writing audit events: who, when, which object, what action. Never content."""

from collections.abc import Iterable

from django.db import models

from core.constants import AuditAction
from core.models import AuditEvent
from core.roles import primary_role

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


def audit_reads(user, objects: Iterable[models.Model]) -> None:
    """Record a view of each object in one INSERT."""
    username = getattr(user, "username", "")
    role = primary_role(user)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=user,
            actor_username=username,
            actor_role=role,
            action=AuditAction.VIEW,
            object_type=_object_type(obj),
            object_id=obj.pk,
            case_id=_case_id(obj),
        )
        for obj in objects
    )
