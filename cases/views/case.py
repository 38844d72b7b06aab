"""The case page and what changes a case as a whole: owner, phase, closing and
reopening, and the case's audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import constants as c
from cases import permissions, selectors, timeline, workflow
from cases.audit_sentences import sentence
from cases.forms.case import AssignForm, CloseForm, PhaseForm, ReasonForm
from cases.forms.files import blank_form_html
from cases.forms.intake import EMERGENCY_ADVICE
from cases.forms.police import POLICE_HELP
from cases.models import (
    AdvisorAction,
    CaseFile,
    Consent,
    Damage,
    FollowUp,
    Handoff,
    Note,
    PoliceReport,
    Referral,
)
from cases.permissions import Action
from cases.services import case as service
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core.audit import audit_named, audit_reads, events_visible_to
from core.constants import AuditAction
from core.models import AuditEvent
from core.permissions import Feature, can_use
from core.web import add_service_errors, posted, querystring

TIMELINE = "timeline"  # where a read happened: the timeline filtered in place


def _rows(case, flag: str, model, *related: str) -> list:
    """The case's rows of ``model`` (``selectors.case_rows``: SQL compiled once)
    when it has any (``flag``), without a query when not. ``related``: only the
    people the page names (who recorded a damage or a referral, who revoked a
    consent or offered a handoff is not shown; the timeline names people by id)."""
    return selectors.case_rows(model, case.pk, *related) if getattr(case, flag) else []


@login_required
@require_http_methods(["GET"])
def detail(request, pk):
    case = selectors.page_case(request.user, pk)
    if case is None:
        raise Http404
    handoffs = _rows(case, "has_handoffs", Handoff, "ambassador__user")
    active_handoff = next((h for h in handoffs if h.is_active), None)
    actions = workflow.allowed_actions(
        request.user, case, active_handoff=active_handoff
    )
    if Action.VIEW not in actions:
        raise Http404
    if Action.READ_CASE not in actions:
        return _offer(request, case, actions, active_handoff)
    notes = _rows(case, "has_notes", Note, "author")
    consents = _rows(case, "has_consents", Consent, "recorded_by")
    referrals = _rows(case, "has_referrals", Referral)
    for referral in referrals:
        referral.next_statuses = [
            (value, label)
            for value, label in c.ReferralStatus.choices
            if value in c.REFERRAL_TRANSITIONS[referral.status]
        ]
    police_report = next(iter(_rows(case, "has_police_report", PoliceReport)), None)
    damages = _rows(case, "has_damages", Damage)
    # What the advisor did is the advisor's record; the ambassador does not read it.
    advisor_actions = (
        _rows(case, "has_advisor_actions", AdvisorAction, "created_by")
        if Action.READ_ADVISOR_RECORD in actions
        else []
    )
    files = _rows(case, "has_files", CaseFile, "added_by")
    # Read once for the timeline and the follow-ups section (its open ones).
    follow_ups = _rows(case, "has_follow_ups", FollowUp, "owner")
    story = timeline.build(
        case,
        actions,
        request.GET.get("kind", ""),
        loaded={
            Handoff: handoffs,
            Note: notes,
            Consent: consents,
            Referral: referrals,
            PoliceReport: [police_report] if police_report else [],
            Damage: damages,
            AdvisorAction: advisor_actions,
            CaseFile: files,
            FollowUp: follow_ups,
        },
    )
    audit_reads(
        request.user,
        distinct(
            [
                case,
                *notes,
                *consents,
                *referrals,
                *([police_report] if police_report else []),
                *damages,
                *advisor_actions,
                *files,
                *story.objects,
            ]
        ),
    )

    context = {
        "case": case,
        "actions": actions,
        "notes": notes,
        "consents": consents,
        "valid_handoff_consent": any(
            x.is_valid and x.purpose == c.ConsentPurpose.HANDOFF for x in consents
        ),
        "valid_statistics_consent": any(
            x.is_valid and x.purpose == c.ConsentPurpose.STATISTICS for x in consents
        ),
        "referrals": referrals,
        "timeline": story,
        "handoffs": handoffs if Action.READ_ADVISOR_RECORD in actions else [],
        "active_handoff": active_handoff,
        "phase_form": PhaseForm(initial={"phase": case.phase}),
        "police_report": police_report,
        "damages": damages,
        "advisor_actions": advisor_actions,
        "police_help": POLICE_HELP,
        "emergency_advice": EMERGENCY_ADVICE,
        "files": files,
        "open_follow_ups": sorted(
            (f for f in follow_ups if f.done_at is None), key=lambda f: (f.due_at, f.pk)
        ),
    }
    if Action.FILE_ADD in actions:
        context["file_form"] = blank_form_html()
    if Action.ASSIGN in actions:
        context["assign_form"] = AssignForm(
            initial={"owner": case.owner_id}, organisation_id=case.organisation_id
        )
    if Action.HANDOFF in actions:
        context["proposal"] = selectors.handoff_proposal(case)
    return render(request, "cases/case_detail.html", context)


def distinct(rows):
    """Each row once (the timeline shows rows the sections show too)."""
    seen = set()
    return [
        row
        for row in rows
        if (type(row), row.pk) not in seen and not seen.add((type(row), row.pk))
    ]


@login_required
@require_http_methods(["GET"])
def timeline_part(request, pk):
    """The timeline alone, filtered by kind: what the filter's htmx request swaps
    in. Without htmx, the case page itself (``?kind=``) does the same."""
    case = visible_case(request, pk)
    actions = workflow.allowed_actions(request.user, case)
    if Action.READ_CASE not in actions:
        raise Http404
    kind = request.GET.get("kind", "")
    if not request.headers.get("HX-Request"):
        url = case_url(case)
        return redirect(f"{url}?{urlencode({'kind': kind})}#tijdlijn" if kind else url)
    story = timeline.build(case, actions, kind)
    audit_reads(request.user, [case, *story.objects], detail=TIMELINE)
    return render(
        request,
        "cases/_partials/timeline_entries.html",
        {"case": case, "timeline": story},
    )


def _offer(request, case, actions, active_handoff):
    """The page of an ambassador deciding on an offered case: where, what kind, how
    urgent, which office. Nothing of the person, the account, the notes or the
    consents is read, so nothing of them can reach the page."""
    audit_reads(request.user, [case])
    return render(
        request,
        "cases/case_detail_offered.html",
        {
            "case": case,
            "actions": actions,
            "active_handoff": active_handoff,
            "region": case.office_holder.gemeente.region,
            "office": case.office_holder.get_office_display(),
        },
    )


@login_required
@require_POST
def assign(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.ASSIGN, case)
    form = AssignForm(request.POST, organisation_id=case.organisation_id)
    if form.is_valid():
        try:
            service.case_assign(
                case=case, owner=form.cleaned_data["owner"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The owner has been changed."))
    else:
        messages.error(request, _("Choose an advisor from the list."))
    return redirect(case_url(case))


@login_required
@require_POST
def phase(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.SET_PHASE, case)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a phase from the list."))
    else:
        try:
            service.case_set_phase(
                case=case, phase=form.cleaned_data["phase"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The phase of support has been changed."))
    return redirect(case_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk):
    case = visible_case(request, pk)
    actor = require_page(request, Action.CLOSE, case)
    form = CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.case_close(
                case=case, by=request.user, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case has been closed."))
            if actor == c.Actor.AMBASSADOR:
                return redirect("cases:ambassador_list")
            return redirect(case_url(case))
    return case_form_page(
        request, case, form, title=_("Close the case"), submit=_("Close case")
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.REOPEN, case)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.case_reopen(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case has been reopened."))
            return redirect(case_url(case))
    return case_form_page(
        request, case, form, title=_("Reopen the case"), submit=_("Reopen")
    )


@login_required
@require_http_methods(["GET"])
def audit_log(request, pk):
    """Who did what to this case. Advisors of the case's organisation and functional
    admins of the same organisation may read it; it shows actions, never content.

    An administrator reads the events of their own organisation only
    (``core.audit.events_visible_to``), also of a case that retention removed: an id
    of another organisation's case answers the same 404 as an id that never existed.
    Reading the log is itself an event."""
    if can_use(request.user, Feature.CASE_AUDIT_LOG_ANY):
        events = events_visible_to(request.user).filter(case_id=pk)
        if not events.exists():
            raise Http404
    else:
        case = visible_case(request, pk)
        if not permissions.can(request.user, Action.READ_AUDIT_LOG, case):
            raise Http404
        events = AuditEvent.objects.filter(case_id=pk)
    # Logged before the page is counted, so the page lists its own reading too.
    audit_named(
        request.user,
        AuditAction.VIEW,
        object_type="auditlog",
        object_id=pk,
        case_id=pk,
        detail=f"page={request.GET.get('page', '1')[:10]}",
    )
    paginator = Paginator(events.select_related("actor"), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_audit.html",
        {
            "case_id": pk,
            "reference": f"M-{pk:06d}",
            "page_obj": page,
            "events": page.object_list,
            "sentences": [(event, sentence(event)) for event in page.object_list],
            "querystring": querystring(request),
        },
    )
