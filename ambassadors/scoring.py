"""The selection committee scores an interview: each member on their own, on the
five competences of the role profile, and the page shows every member's scores and
their average. (The interview itself, with its date and notes, is
``services.interview_record``; its recorder's scores count as that member's until
they score separately.)"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ambassadors.constants import COMPETENCES, ApplicationStatus
from ambassadors.models import Application, Interview, InterviewScore
from core.audit import audit
from core.constants import AuditAction
from core.permissions import Feature, require_feature

NAMES = [name for name, _label in COMPETENCES]
DECIDED = (ApplicationStatus.APPOINTED, ApplicationStatus.REJECTED)


@transaction.atomic
def interview_score(*, application: Application, by, scores: dict) -> InterviewScore:
    """Save ``by``'s own scores of the interview (again: replaces theirs only).
    Refused outside the committee, before the interview is recorded, once the
    application is decided, and for a score that is not 1 to 5."""
    require_feature(by, Feature.SELECTION)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in DECIDED:
        raise ValidationError(_("A decision has been taken on this application."))
    if not Interview.objects.filter(application=application).exists():
        raise ValidationError(_("Record the interview before scoring it."))
    values = {}
    for name in NAMES:
        value = scores.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError({name: _("Choose a score from 1 to 5.")})
        values[name] = value
    score, created = InterviewScore.objects.update_or_create(
        application=application, member=by, defaults=values
    )
    audit(by, AuditAction.CREATE if created else AuditAction.UPDATE, score)
    return score


@dataclass
class MemberScores:
    member: object
    scores: list[int]

    @property
    def total(self) -> int:
        return sum(self.scores)


@dataclass
class ScoreTable:
    rows: list[MemberScores]
    averages: list[Decimal]
    average_total: Decimal | None

    @property
    def labels(self):
        return [label for _name, label in COMPETENCES]

    @property
    def competences(self):
        """(label, average) per competence, for the table's rows."""
        return list(zip(self.labels, self.averages, strict=True))


def _mean(values) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def score_table(application: Application) -> ScoreTable:
    """Every member's scores of the interview and the averages (one decimal), per
    competence and of the totals. Two queries."""
    scores = list(
        InterviewScore.objects.filter(application=application).select_related("member")
    )
    rows = [MemberScores(s.member, [getattr(s, n) for n in NAMES]) for s in scores]
    interview = (
        Interview.objects.filter(application=application)
        .select_related("recorded_by")
        .first()
    )
    if interview is not None and interview.recorded_by_id not in {
        s.member_id for s in scores
    }:
        rows.insert(
            0,
            MemberScores(interview.recorded_by, [getattr(interview, n) for n in NAMES]),
        )
    if not rows:
        return ScoreTable(rows=[], averages=[], average_total=None)
    averages = [_mean([row.scores[i] for row in rows]) for i in range(len(NAMES))]
    return ScoreTable(
        rows=rows, averages=averages, average_total=_mean([r.total for r in rows])
    )
