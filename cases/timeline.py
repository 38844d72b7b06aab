"""One chronological timeline of a case: everything that happened to it, each entry
with who did it (name and role, never a username or an id) and when.

The timeline is a list of *providers*: one function per kind of entry, each reading
its own rows in a fixed number of queries and yielding ``Entry`` objects. A new kind
(as files and follow-ups were) is one more function under ``@provider(...)``. Each
provider names the action the viewer needs (``cases.permissions.Action``): an
ambassador sees what their standing allows, never the advisor's record.

``build`` runs the providers the viewer may see (optionally one kind), names the
people of all entries in two queries (names, then roles), and returns the entries
oldest first, with the rows they show (for the access log).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import constants as c
from cases.models import (
    AdvisorAction,
    Case,
    CaseFile,
    CaseHistory,
    Consent,
    Damage,
    FollowUp,
    Handoff,
    Note,
    PoliceReport,
    Referral,
)
from cases.permissions import Action
from cases.selectors import case_rows
from core import voice
from core.constants import AuditAction, Role
from core.models import AuditEvent
from core.prepared import pk_in_array, prepared
from core.roles import ROLE_ORDER


@dataclass
class Entry:
    """One thing that happened. ``title`` is a translated sentence without the
    person; ``text`` is what was written (a note, a reason), shown escaped."""

    at: datetime
    kind: str
    title: str
    user_id: int | None = None
    text: str = ""
    obj: models.Model | None = None
    # Done by the application itself (a handoff ended because the case closed).
    system: bool = False
    who: str = field(default="", init=False)
    kind_label: str = field(default="", init=False)


@dataclass(frozen=True)
class Provider:
    kind: str
    label: object  # a lazy translation
    needs: Action
    entries: Callable[[Case, "Rows"], Iterable[Entry]]


class Rows:
    """The case's rows of each model, read once: a page that has read them already
    for its own sections hands them in (``loaded``), so the timeline adds no query
    for them."""

    def __init__(self, case: Case, loaded: dict | None = None):
        self.case = case
        self.loaded = dict(loaded or {})

    def of(self, model, *related: str) -> list:
        if model not in self.loaded:
            self.loaded[model] = case_rows(model, self.case.pk, *related)
        return self.loaded[model]


PROVIDERS: list[Provider] = []


def provider(kind: str, label, *, needs: Action = Action.READ_CASE):
    """Register a function ``(case, rows) -> entries`` as the provider of ``kind``
    (``rows.of(Model)``: the case's rows of a model, read once)."""

    def register(function):
        PROVIDERS.append(Provider(kind, label, needs, function))
        return function

    return register


def kinds_for(actions) -> list[tuple[str, str]]:
    """(kind, label) of every kind the viewer may see, for the filter."""
    seen = {}
    for item in PROVIDERS:
        if item.needs in actions:
            seen.setdefault(item.kind, str(item.label))
    return list(seen.items())


@dataclass
class Timeline:
    entries: list[Entry]
    kinds: list[tuple[str, str]]
    kind: str  # the kind filtered on, or ""

    @property
    def objects(self) -> list[models.Model]:
        """The distinct rows the entries show, for ``audit_reads``."""
        seen, rows = set(), []
        for entry in self.entries:
            obj = entry.obj
            if obj is not None and (type(obj), obj.pk) not in seen:
                seen.add((type(obj), obj.pk))
                rows.append(obj)
        return rows


def build(case: Case, actions, kind: str = "", loaded: dict | None = None) -> Timeline:
    """The timeline of ``case`` as a viewer with ``actions`` may see it; ``kind``
    limits it to one kind (an unknown kind is ignored: the whole timeline).
    ``loaded``: {model: the case's rows} a page read already."""
    rows = Rows(case, loaded)
    kinds = kinds_for(actions)
    if kind not in dict(kinds):
        kind = ""
    entries = []
    for item in PROVIDERS:
        if item.needs in actions and (not kind or item.kind == kind):
            for entry in item.entries(case, rows):
                entry.kind_label = str(item.label)
                entries.append(entry)
    name_people(entries)
    entries.sort(key=lambda entry: entry.at)
    return Timeline(entries=entries, kinds=kinds, kind=kind)


def person(name: str, role: str) -> str:
    """ "Anna Jansen (vertrouwenspersoon)": a name and the role, in lower case."""
    label = Role(role).label.lower() if role in Role.values else ""
    name = name.strip()
    if name and label:
        return _("%(name)s (%(role)s)") % {"name": name, "role": label}
    return name or label or _("someone without a name")


@prepared
def _people(ids: list[int]):
    """Each user of ``ids`` once per group they are in (one array parameter, so the
    query is compiled once: ``core.prepared``)."""
    users = get_user_model()
    return users.objects.filter(pk_in_array(users, ids)).values_list(
        "pk", "first_name", "last_name", "groups__name"
    )


def name_people(entries: list[Entry]) -> None:
    """Fill ``who`` of every entry: one query for all of them, each person's name
    with the name of each of their groups (their roles), the most case-relevant
    role named (``core.roles.ROLE_ORDER``, as ``primary_roles``)."""
    ids = sorted({entry.user_id for entry in entries if entry.user_id})
    names, held = {}, {}
    rows = _people(ids) if ids else []
    for pk, first, last, group in rows:
        names[pk] = f"{first} {last}"
        held.setdefault(pk, set()).add(group)
    order = [role.value for role in ROLE_ORDER]
    roles = {
        pk: next((role for role in order if role in groups), "")
        for pk, groups in held.items()
    }
    # Each person named once, however many entries are theirs.
    who = {pk: person(name, roles.get(pk, "")) for pk, name in names.items()}
    system, removed = _("Klankbord"), _("a removed account")
    for entry in entries:
        if entry.system:
            entry.who = system
        else:
            entry.who = who.get(entry.user_id, removed)


# --- the providers -------------------------------------------------------------------


@provider("status", gettext_lazy("Status and phase"))
def status_changes(case: Case, rows: Rows) -> Iterable[Entry]:
    for row in rows.of(CaseHistory):
        if not row.from_status and not row.from_phase:
            title = _("Recorded the melding (%(status)s)") % {
                "status": row.get_to_status_display()
            }
        elif row.from_status != row.to_status:
            title = _("Changed the status from %(old)s to %(new)s") % {
                "old": row.get_from_status_display(),
                "new": row.get_to_status_display(),
            }
        elif row.to_phase:
            title = _("Changed the phase of support to %(phase)s") % {
                "phase": row.get_to_phase_display()
            }
        else:
            title = _("Changed the phase of support")
        yield Entry(row.at, "status", title, row.by_id, row.reason, None)


@provider("consent", gettext_lazy("Consent"))
def consents(case: Case, rows: Rows) -> Iterable[Entry]:
    for consent in rows.of(Consent):
        # When it was recorded: a consent may be given before the melding is.
        yield Entry(
            consent.recorded_at,
            "consent",
            _("Recorded consent for %(purpose)s, given by %(by)s (%(how)s)")
            % {
                "purpose": str(consent).lower(),
                "by": consent.given_by,
                "how": consent.get_method_display().lower(),
            },
            consent.recorded_by_id,
            obj=consent,
        )
        if consent.revoked_at:
            yield Entry(
                consent.revoked_at,
                "consent",
                _("Recorded that consent for %(purpose)s was revoked")
                % {"purpose": str(consent).lower()},
                consent.revoked_by_id,
                consent.revoke_reason,
                consent,
            )


HANDOFF_ENDINGS = {
    "case closed": gettext_lazy("The handoff ended: the case was closed"),
    "consent revoked": gettext_lazy("The handoff ended: the consent was revoked"),
    "withdrawn by advisor": gettext_lazy(
        "The handoff ended: the advisor took the case back"
    ),
}


@provider("handoff", gettext_lazy("Handoff"), needs=Action.READ_ADVISOR_RECORD)
def handoffs(case: Case, rows: Rows) -> Iterable[Entry]:
    for handoff in rows.of(Handoff, "ambassador__user"):
        ambassador = handoff.ambassador.user
        named = {"name": ambassador.get_full_name()}
        yield Entry(
            handoff.offered_at,
            "handoff",
            _("Offered the case to %(name)s") % named,
            handoff.offered_by_id,
            obj=handoff,
        )
        if handoff.responded_at and handoff.status != c.HandoffStatus.DECLINED:
            yield Entry(
                handoff.responded_at,
                "handoff",
                _("Accepted the case"),
                ambassador.pk,
                obj=handoff,
            )
        if handoff.status == c.HandoffStatus.DECLINED:
            yield Entry(
                handoff.responded_at or handoff.offered_at,
                "handoff",
                _("Declined the case"),
                ambassador.pk,
                handoff.decline_reason,
                handoff,
            )
        elif handoff.ended_at:
            # The change of status beside it names who ended it.
            yield Entry(
                handoff.ended_at,
                "handoff",
                str(
                    HANDOFF_ENDINGS.get(
                        handoff.end_reason, gettext_lazy("The handoff ended")
                    )
                ),
                obj=handoff,
                system=True,
            )


@provider("note", gettext_lazy("Notes and contacts"))
def notes(case: Case, rows: Rows) -> Iterable[Entry]:
    for note in rows.of(Note):
        if note.kind == c.NoteKind.CONTACT:
            title = _("Logged a contact (%(mode)s)") % {
                "mode": note.get_contact_mode_display().lower()
            }
            at = note.contact_at or note.created_at
        else:
            title, at = _("Added a note"), note.created_at
        yield Entry(at, "note", title, note.author_id, note.text, note)


@provider("referral", gettext_lazy("Referrals"))
def referrals(case: Case, rows: Rows) -> Iterable[Entry]:
    """Each referral, then each change of its status and its outcome, with who
    changed it: the access log has the who and when of every change."""
    by_pk = {referral.pk: referral for referral in rows.of(Referral)}
    if not by_pk:
        return
    for referral in by_pk.values():
        yield Entry(
            referral.created_at,
            "referral",
            _("Referred to %(partner)s (%(kind)s)")
            % {"partner": referral.partner, "kind": referral.get_kind_display()},
            referral.created_by_id,
            referral.details,
            referral,
        )
    changes = AuditEvent.objects.filter(
        case_id=case.pk,
        object_type="referral",
        object_id__in=list(by_pk),
        action__in=[AuditAction.TRANSITION, AuditAction.UPDATE],
    ).order_by("at", "pk")
    statuses = dict(c.ReferralStatus.choices)
    for event in changes:
        referral = by_pk[event.object_id]
        named = {"partner": referral.partner}
        text = ""
        if event.action == AuditAction.UPDATE:
            title = _("Recorded the outcome of the referral to %(partner)s") % named
            text = referral.outcome
        else:
            new = event.detail.rsplit("-> ", 1)[-1].strip()
            named["status"] = str(statuses.get(new, new)).lower()
            title = _("Marked the referral to %(partner)s as %(status)s") % named
        yield Entry(event.at, "referral", title, event.actor_id, text, referral)


@provider("police", gettext_lazy("Police and damage"))
def police_and_damage(case: Case, rows: Rows) -> Iterable[Entry]:
    for report in rows.of(PoliceReport):
        yield Entry(
            report.updated_at,
            "police",
            _("Police advice: %(advice)s; done: %(action)s")
            % {
                "advice": report.get_advice_display(),
                "action": report.get_action_display().lower(),
            },
            report.updated_by_id,
            report.notes,
            report,
        )
    for damage in rows.of(Damage):
        yield Entry(
            damage.created_at,
            "police",
            _("Recorded damage: %(kind)s") % {"kind": damage.get_kind_display()},
            damage.created_by_id,
            damage.description,
            damage,
        )


@provider(
    "advisor", gettext_lazy("What the advisor did"), needs=Action.READ_ADVISOR_RECORD
)
def advisor_actions(case: Case, rows: Rows) -> Iterable[Entry]:
    for action in rows.of(AdvisorAction):
        yield Entry(
            action.created_at,
            "advisor",
            str(action.get_kind_display()),
            action.created_by_id,
            action.description,
            action,
        )


@provider("file", gettext_lazy("Files"))
def files(case: Case, rows: Rows) -> Iterable[Entry]:
    """Evidence added to the case (its description, never the file's name)."""
    for case_file in rows.of(CaseFile):
        yield Entry(
            case_file.added_at,
            "file",
            _("Added a file (%(kind)s)") % {"kind": case_file.get_kind_display()},
            case_file.added_by_id,
            case_file.description,
            case_file,
        )


@provider("follow_up", gettext_lazy("Follow-ups"))
def follow_ups(case: Case, rows: Rows) -> Iterable[Entry]:
    """Each follow-up planned (by a person or by a service clock) and done."""
    for follow_up in rows.of(FollowUp):
        label = follow_up.get_kind_display()
        due = voice.page_datetime(follow_up.due_at)
        yield Entry(
            follow_up.created_at,
            "follow_up",
            _("Planned: %(kind)s, due %(due)s") % {"kind": label, "due": due},
            follow_up.created_by_id,
            obj=follow_up,
            system=follow_up.created_by_id is None,
        )
        if follow_up.done_at:
            yield Entry(
                follow_up.done_at,
                "follow_up",
                _("Done: %(kind)s") % {"kind": label},
                follow_up.done_by_id,
                obj=follow_up,
                system=follow_up.done_by_id is None,
            )
