"""A case's audit log as sentences: "Anna Jansen (vertrouwenspersoon) bekeek de
zaak", not ``view consent #67``.

One sentence per (action, object type, detail); the detail is matched exactly, then
by its first word, then not at all, and anything else reads as the action and the
kind of object (the fallback), so an event of a kind added later still reads well.
The sentences never name an object by id, and never show content: the log holds
none.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cases import constants as c
from cases.timeline import person
from core.constants import AuditAction

A = AuditAction
ANY = None

# (action, object type, detail or ANY) -> the sentence, with %(who)s and, where the
# detail names one, %(what)s (a label, never an id).
SENTENCES = {
    (A.VIEW, "case", ""): gettext_lazy("%(who)s viewed the case"),
    (A.VIEW, "case", "list"): gettext_lazy("%(who)s saw the case in a list"),
    (A.VIEW, "case", "form"): gettext_lazy("%(who)s opened a form of the case"),
    (A.VIEW, "case", "timeline"): gettext_lazy("%(who)s viewed the case's timeline"),
    (A.VIEW, "note", ANY): gettext_lazy("%(who)s read the notes"),
    (A.VIEW, "consent", ANY): gettext_lazy("%(who)s read a consent"),
    (A.VIEW, "referral", ANY): gettext_lazy("%(who)s read a referral"),
    (A.VIEW, "policereport", ANY): gettext_lazy("%(who)s read the police advice"),
    (A.VIEW, "damage", ANY): gettext_lazy("%(who)s read a record of damage"),
    (A.VIEW, "advisoraction", ANY): gettext_lazy("%(who)s read what the advisor did"),
    (A.VIEW, "handoff", ANY): gettext_lazy("%(who)s read a handoff"),
    (A.VIEW, "confidentialitybreak", ANY): gettext_lazy(
        "%(who)s read a request to break confidentiality"
    ),
    (A.VIEW, "auditlog", ANY): gettext_lazy("%(who)s read this audit log"),
    (A.CREATE, "case", ""): gettext_lazy("%(who)s recorded the melding"),
    (A.CREATE, "case", "immediate danger"): gettext_lazy(
        "%(who)s recorded the melding, with immediate danger"
    ),
    (A.UPDATE, "case", "owner"): gettext_lazy("%(who)s changed the owner"),
    (A.UPDATE, "case", "intake completed"): gettext_lazy(
        "%(who)s completed the intake"
    ),
    (A.UPDATE, "case", "immediate danger acted on"): gettext_lazy(
        "%(who)s recorded the first action on the immediate danger"
    ),
    (A.UPDATE, "case", "phase"): gettext_lazy(
        "%(who)s changed the phase of support to %(what)s"
    ),
    (A.TRANSITION, "case", ANY): gettext_lazy("%(who)s changed the status to %(what)s"),
    (A.FORMAL_REPORT, "case", ANY): gettext_lazy(
        "%(who)s turned the melding into a formal report"
    ),
    (A.EXPORT, "case", "dossier"): gettext_lazy("%(who)s printed the case file"),
    (A.EXPORT, "case", "AVG"): gettext_lazy(
        "%(who)s exported the case for a subject access request"
    ),
    (A.PURGE, "case", ANY): gettext_lazy("%(who)s removed the case (retention)"),
    (A.CREATE, "consent", ANY): gettext_lazy("%(who)s recorded consent for %(what)s"),
    (A.REVOKE, "consent", ANY): gettext_lazy(
        "%(who)s recorded that consent for %(what)s was revoked"
    ),
    (A.HANDOFF, "handoff", ""): gettext_lazy(
        "%(who)s offered the case to an ambassador"
    ),
    (A.HANDOFF, "handoff", "outside region"): gettext_lazy(
        "%(who)s offered the case to an ambassador outside its region"
    ),
    (A.ACCEPT, "handoff", ANY): gettext_lazy("%(who)s accepted the case"),
    (A.DECLINE, "handoff", ANY): gettext_lazy("%(who)s declined the case"),
    (A.CREATE, "note", c.NoteKind.NOTE): gettext_lazy("%(who)s added a note"),
    (A.CREATE, "note", c.NoteKind.CONTACT): gettext_lazy("%(who)s logged a contact"),
    (A.CREATE, "referral", ANY): gettext_lazy("%(who)s made a referral (%(what)s)"),
    (A.TRANSITION, "referral", ANY): gettext_lazy(
        "%(who)s marked a referral as %(what)s"
    ),
    (A.UPDATE, "referral", "outcome"): gettext_lazy(
        "%(who)s recorded the outcome of a referral"
    ),
    (A.CREATE, "policereport", ANY): gettext_lazy("%(who)s recorded the police advice"),
    (A.UPDATE, "policereport", ANY): gettext_lazy("%(who)s changed the police advice"),
    (A.CREATE, "damage", ANY): gettext_lazy("%(who)s recorded damage (%(what)s)"),
    (A.CREATE, "advisoraction", ANY): gettext_lazy(
        "%(who)s recorded what the advisor did (%(what)s)"
    ),
    (A.BREAK, "confidentialitybreak", ANY): gettext_lazy(
        "%(who)s asked to break confidentiality"
    ),
    (A.CONFIRM, "confidentialitybreak", ANY): gettext_lazy(
        "%(who)s decided on a request to break confidentiality"
    ),
}

# Choices hash by their name, the events hold values: the keys as plain strings.
SENTENCES = {
    (str(action), kind, None if detail is None else str(detail)): text
    for (action, kind, detail), text in SENTENCES.items()
}

# The kinds of object, for the fallback sentence.
OBJECTS = {
    "case": pgettext_lazy("audit object", "the case"),
    "note": pgettext_lazy("audit object", "a note"),
    "consent": pgettext_lazy("audit object", "a consent"),
    "referral": pgettext_lazy("audit object", "a referral"),
    "handoff": pgettext_lazy("audit object", "a handoff"),
    "policereport": pgettext_lazy("audit object", "the police advice"),
    "damage": pgettext_lazy("audit object", "a record of damage"),
    "advisoraction": pgettext_lazy("audit object", "an advisor action"),
    "auditlog": pgettext_lazy("audit object", "the audit log"),
}

# Codes a detail may hold, as words.
LABELS = {
    **dict(c.Status.choices),
    **dict(c.Phase.choices),
    **dict(c.ConsentPurpose.choices),
    **dict(c.ReferralKind.choices),
    **dict(c.ReferralStatus.choices),
    **dict(c.DamageKind.choices),
    **dict(c.AdvisorActionKind.choices),
}


def _what(detail: str) -> str:
    """The label the detail ends with ("a -> b": b; "phase - -> luisteren")."""
    code = detail.rsplit("->", 1)[-1].strip()
    label = LABELS.get(code)
    return str(label).lower() if label is not None else ""


def actor_of(event) -> str:
    """Name and role of who acted; never the username."""
    if event.actor_id is None and event.actor_username == "system":
        return _("Klankbord")
    if event.actor is None:
        return _("A removed account")
    return person(event.actor.get_full_name(), event.actor_role)


def sentence(event) -> str:
    detail = event.detail or ""
    first = detail.split(" ", 1)[0] if detail else ""
    template = None
    for key in (detail, first, ANY):
        template = SENTENCES.get((event.action, event.object_type, key))
        if template is not None:
            break
    what = _what(detail)
    who = actor_of(event)
    if template is None or ("%(what)s" in str(template) and not what):
        return _("%(who)s: %(action)s, %(object)s") % {
            "who": who,
            "action": event.get_action_display().lower(),
            "object": OBJECTS.get(event.object_type, event.object_type),
        }
    return str(template) % {"who": who, "what": what}
