"""Reads of the OT on Tour campaign: the progress figures per province and nationally
(two queries whatever the number of gemeenten), the generated paragraph, and the
filtered list of gemeenten."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import voice
from outreach.constants import Outcome, Stage, TalkStatus
from outreach.models import PIPELINE
from regions.models import Gemeente, Province

APPROACHED = (
    Q(campaign__letter_sent_on__isnull=False)
    | Q(campaign__phone_round_on__isnull=False)
    | Q(campaign__talk_planned_on__isnull=False)
    | Q(campaign__talk_held_on__isnull=False)
    | Q(campaign__session_planned_on__isnull=False)
    | Q(campaign__session_held_on__isnull=False)
    | Q(campaign__outcome__in=[Outcome.WAITING, Outcome.NOT_INTERESTED])
)
FIRST_TALK = Q(campaign__talk_planned_on__isnull=False) | Q(
    campaign__talk_held_on__isnull=False
)
SESSION_HELD = Q(campaign__session_held_on__isnull=False)
TRAINED = Q(campaign__trainings__gt=0)


def _stage_filters() -> dict:
    """Filter on the furthest step reached: its date is set and no later one is."""
    filters = {Stage.NOT_APPROACHED: ~APPROACHED}
    later: list[str] = []
    for name, stage in reversed(PIPELINE):
        condition = Q(**{f"campaign__{name}__isnull": False})
        for other in later:
            condition &= Q(**{f"campaign__{other}__isnull": True})
        filters[stage] = condition
        later.append(name)
    return filters


STAGE_FILTERS = _stage_filters()


def percentage(part: int, whole: int) -> Decimal:
    """``part`` as a percentage of ``whole``, rounded half up to one decimal."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def format_percentage(value: Decimal) -> str:
    """83 → "83", 37.5 → "37,5" (Dutch separators in Dutch)."""
    places = 0 if value == value.to_integral_value() else 1
    return formats.number_format(value, decimal_pos=places)


@dataclass
class Figures:
    code: str
    name: str
    pk: int | None = None
    total: int = 0
    approached: int = 0
    first_talk: int = 0
    talks_held: int = 0
    waiting: int = 0
    not_interested: int = 0
    sessions_held: int = 0
    trained: int = 0
    trainings: int = 0
    session_or_training: int = 0
    talk_status: str = ""
    talk_on: date | None = None
    staten_sessions: int = 0

    @property
    def first_talk_pct(self) -> Decimal:
        return percentage(self.first_talk, self.total)

    @property
    def approached_pct(self) -> Decimal:
        return percentage(self.approached, self.total)

    @property
    def talk_status_label(self) -> str:
        return TalkStatus(self.talk_status).label if self.talk_status else ""


@dataclass
class Target:
    count: int
    by: date
    reached: int

    @property
    def pct(self) -> Decimal:
        return percentage(min(self.reached, self.count), self.count)

    @property
    def remaining(self) -> int:
        return max(0, self.count - self.reached)


@dataclass
class Dashboard:
    provinces: list[Figures]
    national: Figures
    target: Target
    province_talks: dict = field(default_factory=dict)

    @property
    def talks_held(self) -> int:
        return self.province_talks.get(TalkStatus.HELD, 0)

    @property
    def talks_planned(self) -> int:
        return self.province_talks.get(TalkStatus.PLANNED, 0)

    @property
    def talks_to_schedule(self) -> int:
        return self.province_talks.get(TalkStatus.TO_SCHEDULE, 0)


COUNTED = ["approached", "first_talk", "talks_held", "waiting", "not_interested"]
COUNTED += ["sessions_held", "trained", "session_or_training"]


def target_setting() -> tuple[int, date]:
    return (
        settings.KLANKBORD_OUTREACH_TARGET,
        date.fromisoformat(settings.KLANKBORD_OUTREACH_TARGET_DATE),
    )


def dashboard() -> Dashboard:
    """Figures per province (every province, also those with no campaign yet) and the
    national total. Two queries."""
    rows = {
        row["province_id"]: row
        for row in Gemeente.objects.order_by()
        .values("province_id")
        .annotate(
            total=Count("pk"),
            approached=Count("pk", filter=APPROACHED),
            first_talk=Count("pk", filter=FIRST_TALK),
            talks_held=Count("pk", filter=Q(campaign__talk_held_on__isnull=False)),
            waiting=Count("pk", filter=Q(campaign__outcome=Outcome.WAITING)),
            not_interested=Count(
                "pk", filter=Q(campaign__outcome=Outcome.NOT_INTERESTED)
            ),
            sessions_held=Count("pk", filter=SESSION_HELD),
            trained=Count("pk", filter=TRAINED),
            session_or_training=Count("pk", filter=SESSION_HELD | TRAINED),
            trainings=Sum("campaign__trainings", default=0),
        )
    }
    national = Figures(code="NL", name=_("The Netherlands"))
    provinces = []
    talks = {status: 0 for status in TalkStatus.values}
    for province in Province.objects.select_related("campaign").order_by("name"):
        row = rows.get(province.pk, {})
        figures = Figures(code=province.code, name=province.name, pk=province.pk)
        figures.total = row.get("total", 0)
        figures.trainings = row.get("trainings", 0)
        for name in COUNTED:
            setattr(figures, name, row.get(name, 0))
        campaign = getattr(province, "campaign", None)
        figures.talk_status = (
            campaign.talk_status if campaign else TalkStatus.TO_SCHEDULE
        )
        figures.talk_on = campaign.talk_on if campaign else None
        figures.staten_sessions = campaign.staten_sessions_held if campaign else 0
        talks[figures.talk_status] += 1
        provinces.append(figures)
        for name in [*COUNTED, "total", "trainings", "staten_sessions"]:
            setattr(national, name, getattr(national, name) + getattr(figures, name))
    count, by = target_setting()
    return Dashboard(
        provinces=provinces,
        national=national,
        target=Target(count=count, by=by, reached=national.approached),
        province_talks=talks,
    )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(list)s and %(last)s") % {
        "list": ", ".join(items[:-1]),
        "last": items[-1],
    }


def _n(value) -> str:
    return formats.number_format(value, force_grouping=True)


def paragraph(board: Dashboard) -> list[str]:
    """The numbers of the OT's own progress reports, as sentences (in the active
    language). Every figure comes from ``board``; nothing is typed in by hand."""
    nat = board.national
    started = [p for p in board.provinces if p.approached]
    sentences = [
        ngettext(
            "So far %(approached)s of the %(total)s municipalities has been "
            "approached, spread over %(provinces)s provinces.",
            "So far %(approached)s of the %(total)s municipalities have been "
            "approached, spread over %(provinces)s provinces.",
            nat.approached,
        )
        % {
            "approached": _n(nat.approached),
            "total": _n(nat.total),
            "provinces": _n(len(started)),
        }
    ]
    top = sorted(started, key=lambda p: (-p.approached, p.name))[:3]
    if top:
        sentences.append(
            _("Most municipalities have been approached in %(list)s.")
            % {"list": _join([f"{p.name} ({_n(p.approached)})" for p in top])}
        )
    sentences.append(
        ngettext(
            "In %(count)s municipality a first talk has been held or is planned.",
            "In %(count)s municipalities a first talk has been held or is planned.",
            nat.first_talk,
        )
        % {"count": _n(nat.first_talk)}
    )
    with_talks = sorted(
        (p for p in board.provinces if p.first_talk),
        key=lambda p: (-p.first_talk_pct, p.name),
    )
    if with_talks:
        sentences.append(
            _(
                "Share of the province's municipalities with a first talk held or "
                "planned: %(list)s."
            )
            % {
                "list": _join(
                    [
                        f"{p.name} {format_percentage(p.first_talk_pct)}%"
                        for p in with_talks
                    ]
                )
            }
        )
    sentences.append(
        ngettext(
            "For %(count)s municipality the team is still waiting for an answer "
            "from the mayor or the clerk.",
            "For %(count)s municipalities the team is still waiting for an answer "
            "from the mayor or the clerk.",
            nat.waiting,
        )
        % {"count": _n(nat.waiting)}
    )
    sentences.append(
        ngettext(
            "%(count)s municipality has said it is not interested in the offer.",
            "%(count)s municipalities have said they are not interested in the offer.",
            nat.not_interested,
        )
        % {"count": _n(nat.not_interested)}
    )
    sentences.append(
        ngettext(
            "%(count)s municipality has had an evening session or training for the "
            "council and the college.",
            "%(count)s municipalities have had an evening session or training for "
            "the council and the college.",
            nat.session_or_training,
        )
        % {"count": _n(nat.session_or_training)}
    )
    if nat.staten_sessions:
        sentences.append(
            ngettext(
                "%(count)s session has been held for Provinciale Staten.",
                "%(count)s sessions have been held for Provinciale Staten.",
                nat.staten_sessions,
            )
            % {"count": _n(nat.staten_sessions)}
        )
    talks = board.province_talks
    sentences.append(
        _(
            "Talks with the King's Commissioners and the Statengriffiers: "
            "%(held)s held, %(planned)s planned, %(to_schedule)s still to be "
            "scheduled."
        )
        % {
            "held": _n(talks.get(TalkStatus.HELD, 0)),
            "planned": _n(talks.get(TalkStatus.PLANNED, 0)),
            "to_schedule": _n(talks.get(TalkStatus.TO_SCHEDULE, 0)),
        }
    )
    target = board.target
    sentences.append(
        _(
            "The target is %(target)s municipalities approached by %(date)s; "
            "%(reached)s have been (%(pct)s%%)."
        )
        % {
            "target": _n(target.count),
            "date": voice.page_date(target.by),
            "reached": _n(target.reached),
            "pct": format_percentage(target.pct),
        }
    )
    return sentences


def gemeenten(filters: dict) -> QuerySet[Gemeente]:
    """All gemeenten with their campaign (if any), filtered and sorted."""
    from outreach.forms import GemeenteFilterForm

    qs = Gemeente.objects.select_related("province", "campaign")
    if filters.get("province"):
        qs = qs.filter(province=filters["province"])
    if filters.get("stage"):
        qs = qs.filter(STAGE_FILTERS[filters["stage"]])
    if filters.get("outcome"):
        if filters["outcome"] == "open":
            qs = qs.filter(APPROACHED).exclude(
                campaign__outcome__in=[Outcome.WAITING, Outcome.NOT_INTERESTED]
            )
        else:
            qs = qs.filter(campaign__outcome=filters["outcome"])
    if filters.get("protocol"):
        if filters["protocol"] == "onbekend":
            qs = qs.filter(
                Q(campaign__isnull=True) | Q(campaign__aggression_protocol="onbekend")
            )
        else:
            qs = qs.filter(campaign__aggression_protocol=filters["protocol"])
    query = filters.get("q")
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__iexact=query.strip()))
    order = GemeenteFilterForm.SORTS.get(filters.get("sort") or "name")
    return qs.order_by(*order)
