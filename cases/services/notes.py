"""Case notes and contact log entries."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import constants as c
from cases import permissions
from cases.models import Case, Note
from cases.permissions import Action
from cases.services import followups
from cases.services.common import danger_action_record, require_open
from core.audit import audit
from core.constants import AuditAction


@transaction.atomic
def note_add(
    *,
    case: Case,
    by,
    text: str,
    kind: str = c.NoteKind.NOTE,
    contact_mode: str = "",
    contact_at=None,
) -> Note:
    permissions.require(by, Action.NOTE_ADD, case)
    require_open(case)
    if kind == c.NoteKind.CONTACT:
        if not contact_mode:
            raise ValidationError({"contact_mode": _("How was the contact?")})
        contact_at = contact_at or timezone.now()
        if contact_at > timezone.now():
            raise ValidationError({"contact_at": _("This moment lies in the future.")})
    else:
        contact_mode, contact_at = "", None
    note = Note(
        case=case,
        kind=kind,
        contact_mode=contact_mode,
        contact_at=contact_at,
        text=text.strip(),
        author=by,
    )
    note.full_clean()
    note.save()
    audit(by, AuditAction.CREATE, note, kind)
    danger_action_record(case=case, by=by)
    if kind == c.NoteKind.CONTACT:
        followups.contact_recorded(case, by=by)
    return note
