"""Choices of the case flow (its transitions are in ``cases.workflow``).

Stored values are short English slugs; labels are translated (Dutch first).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Office(models.TextChoices):
    COUNCILLOR = "raadslid", _("Council member")
    ALDERMAN = "wethouder", _("Alderman")
    MAYOR = "burgemeester", _("Mayor")
    STATES_MEMBER = "statenlid", _("Member of the Provincial Council")
    DEPUTY = "gedeputeerde", _("Provincial executive")
    CLERK = "griffier", _("Council clerk")


class Channel(models.TextChoices):
    PHONE = "telefoon", _("Phone")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "persoonlijk", _("In person")
    HOTLINE = "24-7-lijn", _("24/7 line")


class Category(models.TextChoices):
    INTIMIDATION = "intimidatie", _("Intimidation")
    THREAT = "bedreiging", _("Threat")
    AGGRESSION = "agressie", _("Aggression")
    VIOLENCE = "geweld", _("Violence")
    INTEGRITY = "integriteitsschending", _("Integrity violation")
    ABUSE = "misbruik", _("Abuse of powers, means or position")
    OTHER = "grensoverschrijdend", _("Other boundary-crossing behaviour")
    OUT_OF_SCOPE = "buiten-scope", _("Out of scope")


class Urgency(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    ACUTE = 4, _("Acute")


class Status(models.TextChoices):
    NEW = "nieuw", pgettext_lazy("case status", "New")
    TRIAGE = "in-behandeling", pgettext_lazy("case status", "With advisor")
    HANDOFF_OFFERED = "overdracht", pgettext_lazy("case status", "Handoff offered")
    WITH_AMBASSADOR = "bij-ambassadeur", pgettext_lazy("case status", "With ambassador")
    CLOSED = "gesloten", pgettext_lazy("case status", "Closed")


OPEN_STATUSES = (
    Status.NEW,
    Status.TRIAGE,
    Status.HANDOFF_OFFERED,
    Status.WITH_AMBASSADOR,
)


class Phase(models.TextChoices):
    """The phases of ambassador support named in the ambassador's role profile."""

    LISTENING = "luisteren", _("Listening")
    GUIDANCE = "begeleiding", _("Guidance")
    ACCOMPANIMENT = "professionals", _("Accompaniment while professionals are involved")
    AFTERCARE = "nazorg", _("Aftercare and reflection")


class Actor(models.TextChoices):
    """Who performs a transition, relative to the case."""

    ADVISOR = "advisor", _("Confidential advisor of the case's organisation")
    AMBASSADOR = "ambassador", _("Ambassador the case was handed to")
    SYSTEM = "system", _("The system")


# The guardian object permission that gives the ambassador a case was handed to
# access to that one case ("toegang tot de zaak").
CASE_ACCESS_CODENAME = "access_case"


class ConsentPurpose(models.TextChoices):
    HANDOFF = "overdracht", _("Handoff to the regional ambassador")
    REFERRAL = "doorverwijzing", _("Referral to a partner")
    STATISTICS = "statistiek", _("Inclusion in anonymised statistics")
    BOARD_ADVICE = "advies-bestuur", _("Advice to the board, without identifying them")
    FORMAL_REPORT = "formele-melding", _("Turning the melding into a formal report")


class ConsentMethod(models.TextChoices):
    VERBAL = "mondeling", _("Verbal")
    WRITTEN = "schriftelijk", _("Written")


class ReferralKind(models.TextChoices):
    PROFESSIONAL_HELP = "hulpverlening", _("Professional help")
    LEGAL = "juridisch", _("Legal advice")
    SECURITY = "beveiliging", _("Security")
    ASSOCIATION = "vereniging", _("The association")
    PEER = "vakgenoot", _("Peer (fellow office holder)")
    LIVED_EXPERIENCE = "ervaringsdeskundige", _("Person with lived experience")
    AFTERCARE = "nazorg", _("Aftercare")


class PartnerKind(models.TextChoices):
    """The kinds of partner in the OTWB's expert network. Each is also a
    referral kind, so a referral to a partner rests on the referral consent for it."""

    PEER = ReferralKind.PEER.value, ReferralKind.PEER.label
    LIVED_EXPERIENCE = (
        ReferralKind.LIVED_EXPERIENCE.value,
        ReferralKind.LIVED_EXPERIENCE.label,
    )
    SECURITY = ReferralKind.SECURITY.value, ReferralKind.SECURITY.label
    LEGAL = ReferralKind.LEGAL.value, _("Legal aid")
    AFTERCARE = ReferralKind.AFTERCARE.value, ReferralKind.AFTERCARE.label


class PartnerAvailability(models.TextChoices):
    AVAILABLE = "beschikbaar", _("Available")
    LIMITED = "beperkt", _("Limited availability")
    UNAVAILABLE = "niet-beschikbaar", _("Not available")


class ReferralStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Proposed")
    ACCEPTED = "geaccepteerd", _("Accepted")
    DONE = "afgerond", _("Done")
    DECLINED = "afgewezen", _("Declined")


REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.PROPOSED: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.DONE, ReferralStatus.DECLINED}),
    ReferralStatus.DONE: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
}


class Scope(models.TextChoices):
    """Whether a party advisor's melding is theirs to handle."""

    UNWANTED_BEHAVIOUR = "ongewenst-gedrag", _("In scope: unwanted behaviour")
    INTEGRITY = "integriteit", _("In scope: an integrity issue")
    PARTY_POSITIONS = (
        "partijstandpunten",
        _("Out of scope: discontent about the party's positions"),
    )
    BOARD = "bestuur", _("Out of scope: discontent about the board")
    COUNCIL_MEMBERS = "raadsleden", _("Out of scope: discontent about council members")
    ALDERMAN = "wethouder", _("Out of scope: discontent about the alderman")


IN_SCOPE = frozenset({Scope.UNWANTED_BEHAVIOUR, Scope.INTEGRITY})


class AdvisorActionKind(models.TextChoices):
    """What a (party) confidential advisor may do, each one recorded."""

    INFORMAL_SOLUTION = (
        "informele-oplossing",
        _("Informal solution: a talk between the two parties"),
    )
    COMPLAINTS_PROCEDURE = (
        "klachtenprocedure",
        _("Information about the complaints procedure"),
    )
    MEDIATOR = "mediator", _("Information about a mediator")
    FORMAL_REPORT_HELP = "hulp-formele-melding", _("Help with a formal report")
    BOARD_ADVICE = "advies-bestuur", _("Advice to the board")
    FORMAL_REPORT = "formele-melding", _("Melding turned into a formal report")


# Kinds recorded through the action form; a formal report has its own, separate step.
RECORDABLE_ACTION_KINDS = tuple(
    kind for kind in AdvisorActionKind if kind != AdvisorActionKind.FORMAL_REPORT
)


class PoliceAdvice(models.TextChoices):
    AANGIFTE = "aangifte", _("Aangifte (criminal complaint)")
    MELDING = "politiemelding", _("Police melding (registration, no criminal offence)")
    NONE = "geen", _("No police involvement advised")


class PoliceAction(models.TextChoices):
    NOT_YET = "nog-niet", _("Nothing done yet")
    AANGIFTE_MADE = "aangifte-gedaan", _("Aangifte made")
    MELDING_MADE = "melding-gedaan", _("Police melding made")
    DECIDED_AGAINST = "afgezien", _("Decided against it")


class DamageKind(models.TextChoices):
    PROPERTY = "materieel", _("Damage to property")
    FINANCIAL = "financieel", _("Financial loss")
    INJURY = "letsel", _("Physical injury")
    EMOTIONAL = "emotioneel", _("Emotional harm")
    OTHER = "overig", _("Other")


class HandoffStatus(models.TextChoices):
    OFFERED = "aangeboden", _("Offered")
    ACCEPTED = "geaccepteerd", _("Accepted")
    DECLINED = "afgewezen", _("Declined")
    ENDED = "beeindigd", _("Ended")


ACTIVE_HANDOFF_STATUSES = (HandoffStatus.OFFERED, HandoffStatus.ACCEPTED)


class NoteKind(models.TextChoices):
    NOTE = "notitie", _("Case note")
    CONTACT = "contact", _("Contact log entry")


class ContactMode(models.TextChoices):
    PHONE = "telefoon", _("Phone")
    MEETING = "gesprek", _("Meeting")
    EMAIL = "email", _("E-mail")
    VIDEO = "video", _("Video call")


class FileKind(models.TextChoices):
    """What a file on a case is, decided by its content (``cases.services.files``)."""

    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG photo")
    GIF = "gif", _("GIF image")
    WEBP = "webp", _("WebP image")
    HEIC = "heic", _("HEIC photo")
    PDF = "pdf", _("PDF document")
    EML = "eml", _("E-mail (.eml)")
    TEXT = "txt", _("Text file")


# Per kind: the file name's extension and the content type of the download.
FILE_KIND_TYPES = {
    FileKind.PNG: ("png", "image/png"),
    FileKind.JPEG: ("jpg", "image/jpeg"),
    FileKind.GIF: ("gif", "image/gif"),
    FileKind.WEBP: ("webp", "image/webp"),
    FileKind.HEIC: ("heic", "image/heic"),
    FileKind.PDF: ("pdf", "application/pdf"),
    FileKind.EML: ("eml", "message/rfc822"),
    FileKind.TEXT: ("txt", "text/plain; charset=utf-8"),
}

IMAGE_FILE_KINDS = frozenset(
    {FileKind.PNG, FileKind.JPEG, FileKind.GIF, FileKind.WEBP, FileKind.HEIC}
)


# --- the inbox and the follow-up clocks -----------------------------------------------


class NotificationKind(models.TextChoices):
    """What an in-app notification says. The text names the case's reference and
    nothing else (``cases.services.notifications.message``)."""

    # To an advisor.
    HANDOFF_ACCEPTED = "overdracht-geaccepteerd", _("Handoff accepted")
    HANDOFF_DECLINED = "overdracht-afgewezen", _("Handoff declined")
    CLOSED_BY_AMBASSADOR = "gesloten-door-ambassadeur", _("Closed by the ambassador")
    HOTLINE_CALL = "24-7-lijn", _("New call to the 24/7 line")
    CONSENT_REVOKED = "toestemming-ingetrokken", _("Consent revoked")
    HANDOFF_EXPIRED = "overdracht-verlopen", _("Handoff not accepted in time")
    CALLBACK_OVERDUE = "terugbellen-te-laat", _("Call-back overdue")
    # To the owner of a follow-up, advisor or ambassador.
    FOLLOW_UP_DUE = "opvolging", _("Follow-up due")
    FIRST_CONTACT_OVERDUE = "eerste-contact-te-laat", _("No first contact yet")
    # To an ambassador.
    HANDOFF_OFFERED = "overdracht-aangeboden", _("New offer")
    TAKEN_BACK = "teruggenomen", _("Case taken back")
    OFFER_EXPIRED = "aanbod-verlopen", _("Offer expired")


class EmailChoice(models.TextChoices):
    """How a user wants to hear of new notifications by e-mail (never the content)."""

    IMMEDIATELY = "direct", _("At once, one e-mail per notification")
    DAILY = "dagelijks", _("Once a day, a summary")
    NONE = "geen", _("No e-mail: I look in Klankbord")


class FollowUpKind(models.TextChoices):
    CALLBACK = "terugbellen", _("Call back before")
    NEXT_CONTACT = "volgend-contact", _("Next contact")
    AFTERCARE = "nazorg", _("Aftercare check-in")
    FIRST_CONTACT = "eerste-contact", _("First contact with the person")


# Follow-ups a person plans on the case page; the others are set by the clocks.
PLANNED_FOLLOW_UP_KINDS = (
    FollowUpKind.CALLBACK,
    FollowUpKind.NEXT_CONTACT,
    FollowUpKind.AFTERCARE,
)
# Follow-ups that a recorded contact moment settles.
SETTLED_BY_CONTACT = (FollowUpKind.CALLBACK, FollowUpKind.FIRST_CONTACT)


class Clock(models.TextChoices):
    """The clocks the beat runs (``ClockFiring.clock``)."""

    FOLLOW_UP = "opvolging", _("Follow-up due")
    HANDOFF_ACCEPT = "overdracht-accepteren", _("Handoff not accepted in time")


class ReopenRequestStatus(models.TextChoices):
    """An ambassador's request to reopen a case they closed; the advisor answers."""

    OPEN = "open", _("Awaiting the advisor")
    GRANTED = "heropend", _("Reopened")
    DECLINED = "afgewezen", _("Declined")
