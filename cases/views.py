"""Views of the case flow. Every case page starts from ``Case.objects.visible_to``: a
case the user may not see is a 404. The services decide what a user may do."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import constants as c
from cases import forms, selectors, services
from cases.forms_support import POLICE_HELP
from cases.models import (
    AdvisorAction,
    Case,
    Consent,
    Damage,
    Handoff,
    Note,
    Partner,
    PoliceReport,
    Referral,
)
from core.audit import audit_reads
from core.constants import Role
from core.models import AuditEvent
from core.roles import has_role, organisation_id_of


def role_required(role):
    """Pages that belong to one role. They show no case a user may not see anyway; the
    role check keeps the page itself (and its filters) to the people it is for."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, role):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _visible_case(request, pk) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "office_holder__gemeente__region",
            "office_holder__gemeente__province",
            "owner",
        ),
        pk=pk,
    )


def _actor_or_403(request, case, allowed) -> str:
    actor = services.case_actor(user=request.user, case=case)
    if actor not in allowed:
        raise PermissionDenied
    return actor


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _posted(request):
    """The submitted data, or None on GET. (An empty POST is still a submission, so
    ``request.POST or None`` would wrongly show an unbound form without errors.)"""
    return request.POST if request.method == "POST" else None


def _querystring(request, drop=("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def _case_url(case, anchor=""):
    url = reverse("cases:detail", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(
    request, case, form, *, title, submit, template="cases/case_action.html", extra=None
):
    context = {"case": case, "form": form, "title": title, "submit": submit}
    context.update(extra or {})
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


# --- the advisor's queue and intake --------------------------------------------------


@role_required(Role.ADVISOR)
@require_http_methods(["GET"])
def queue(request):
    form = forms.QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        # Keep the valid filters; say which ones were ignored.
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    cases = selectors.triage_queue(user=request.user, filters=filters)
    paginator = Paginator(cases, settings.KLANKBORD_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.with_labels(page.object_list)
    context = {
        "form": form,
        "page_obj": page,
        "cases": page.object_list,
        "view": filters.get("view") or "all",
        "view_choices": forms.QueueFilterForm.VIEW_CHOICES,
        "querystring": _querystring(request),
        "view_querystring": _querystring(request, drop=("page", "view")),
        "sort": filters.get("sort") or "-reported",
        "flagged": selectors.flagged_cases(user=request.user),
    }
    template = (
        "cases/_partials/queue_results.html" if request.htmx else "cases/queue.html"
    )
    return render(request, template, context)


@role_required(Role.ADVISOR)
@require_http_methods(["GET", "POST"])
def intake(request):
    from cases.views_support import _is_party

    form = forms.IntakeForm(
        _posted(request), user=request.user, is_party=_is_party(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = _intake_save(request, data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Melding %(ref)s has been recorded.") % {"ref": case.reference},
            )
            return redirect(_case_url(case))
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_intake.html", {"form": form}, status=status)


def _intake_save(request, data) -> Case:
    from django.db import transaction

    with transaction.atomic():
        office_holder = data["office_holder"]
        if office_holder is None:
            office_holder = services.office_holder_create(
                by=request.user,
                name=data["new_name"],
                office=data["new_office"],
                gemeente=data["new_gemeente"],
                email=data["new_email"],
                phone=data["new_phone"],
            )
        return services.case_create(
            by=request.user,
            office_holder=office_holder,
            channel=data["channel"],
            category=data["category"],
            occurred_on=data["occurred_on"],
            urgency=data["urgency"],
            account=data["account"],
            owner=request.user if data["assign_to_me"] else None,
            immediate_danger=data["immediate_danger"],
            scope=data.get("scope", ""),
            told_instead=data.get("told_instead", ""),
        )


# --- the case page -------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def detail(request, pk):
    case = _visible_case(request, pk)
    actor = services.case_actor(user=request.user, case=case)
    if actor is None:
        raise Http404
    notes = list(Note.objects.filter(case=case).select_related("author"))
    consents = list(
        Consent.objects.filter(case=case).select_related("recorded_by", "revoked_by")
    )
    referrals = list(Referral.objects.filter(case=case).select_related("created_by"))
    for referral in referrals:
        referral.next_statuses = [
            (value, label)
            for value, label in c.ReferralStatus.choices
            if value in c.REFERRAL_TRANSITIONS[referral.status]
        ]
    police_report = PoliceReport.objects.filter(case=case).first()
    damages = list(Damage.objects.filter(case=case).select_related("created_by"))
    # What the advisor did is the advisor's record; the ambassador does not read it.
    advisor_actions = (
        list(AdvisorAction.objects.filter(case=case).select_related("created_by"))
        if actor == c.Actor.ADVISOR
        else []
    )
    history = list(case.history.select_related("by"))
    handoffs = list(
        Handoff.objects.filter(case=case).select_related(
            "ambassador__user", "offered_by"
        )
    )
    active_handoff = next((h for h in handoffs if h.is_active), None)
    audit_reads(
        request.user,
        [
            case,
            *notes,
            *consents,
            *referrals,
            *([police_report] if police_report else []),
            *damages,
            *advisor_actions,
        ],
    )

    context = {
        "case": case,
        "actor": actor,
        "is_case_advisor": actor == c.Actor.ADVISOR,
        "is_case_ambassador": actor == c.Actor.AMBASSADOR,
        "notes": notes,
        "consents": consents,
        "valid_handoff_consent": any(
            x.is_valid and x.purpose == c.ConsentPurpose.HANDOFF for x in consents
        ),
        "valid_statistics_consent": any(
            x.is_valid and x.purpose == c.ConsentPurpose.STATISTICS for x in consents
        ),
        "referrals": referrals,
        "history": history,
        "handoffs": handoffs if actor == c.Actor.ADVISOR else [],
        "active_handoff": active_handoff,
        "accepted": active_handoff is not None
        and active_handoff.status == c.HandoffStatus.ACCEPTED,
        "phase_form": forms.PhaseForm(initial={"phase": case.phase}),
        "police_report": police_report,
        "damages": damages,
        "advisor_actions": advisor_actions,
        "police_help": POLICE_HELP,
        "emergency_advice": forms.EMERGENCY_ADVICE,
        "can_support": actor == c.Actor.ADVISOR
        or (
            active_handoff is not None
            and active_handoff.status == c.HandoffStatus.ACCEPTED
        ),
    }
    if actor == c.Actor.ADVISOR:
        context["assign_form"] = forms.AssignForm(
            initial={"owner": case.owner_id}, organisation_id=case.organisation_id
        )
        context["can_hand_off"] = (
            case.status in (c.Status.NEW, c.Status.TRIAGE) and active_handoff is None
        )
        context["proposal"] = selectors.handoff_proposal(case)
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def assign(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR})
    form = forms.AssignForm(request.POST, organisation_id=case.organisation_id)
    if form.is_valid():
        try:
            services.case_assign(
                case=case, owner=form.cleaned_data["owner"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The owner has been changed."))
    else:
        messages.error(request, _("Choose an advisor from the list."))
    return redirect(_case_url(case))


# --- consent -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request, pk):
    case = _visible_case(request, pk)
    actor = _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    purposes = None
    if actor == c.Actor.AMBASSADOR:
        purposes = {c.ConsentPurpose.REFERRAL, c.ConsentPurpose.STATISTICS}
    form = forms.ConsentForm(
        _posted(request),
        purposes=purposes,
        initial={
            "given_by": case.office_holder.name,
            "purpose": request.GET.get("purpose"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        except PermissionDenied:
            form.add_error("purpose", _("You may not record this kind of consent."))
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect(_case_url(case, "toestemming"))
    return _form_page(
        request, case, form, title=_("Record consent"), submit=_("Record consent")
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request, pk):
    consent = get_object_or_404(
        Consent.objects.visible_to(request.user).select_related("case"), pk=pk
    )
    case = _visible_case(request, consent.case_id)
    _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    form = forms.OptionalReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_revoke(
                consent=consent, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The consent has been revoked."))
            if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
                return redirect(_case_url(case, "toestemming"))
            return redirect("home")
    return _form_page(
        request,
        case,
        form,
        title=_("Revoke consent: %(consent)s") % {"consent": consent},
        submit=_("Revoke consent"),
        extra={
            "warning": _(
                "Revoking takes effect at once. Revoking consent for the handoff ends "
                "the ambassador's access to this case."
            )
        },
    )


# --- handoff -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def handoff(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR})
    proposal = selectors.handoff_proposal(case)
    initial = (
        {"ambassador": proposal.proposed[0].pk} if len(proposal.proposed) == 1 else {}
    )
    form = forms.HandoffForm(
        _posted(request), organisation_id=case.organisation_id, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_handoff(
                case=case,
                ambassador=form.cleaned_data["ambassador"],
                outside_region=form.cleaned_data["outside_region"],
                by=request.user,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case has been handed to %(name)s, who has been notified.")
                % {"name": form.cleaned_data["ambassador"]},
            )
            return redirect(_case_url(case))
    return _form_page(
        request,
        case,
        form,
        title=_("Hand over to an ambassador"),
        submit=_("Hand over"),
        template="cases/case_handoff.html",
        extra={"proposal": proposal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def handoff_withdraw(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR})
    form = forms.ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.handoff_withdraw(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("You have taken the case back."))
            return redirect(_case_url(case))
    return _form_page(
        request, case, form, title=_("Take the case back"), submit=_("Take back")
    )


def _own_handoff(request, pk) -> Handoff:
    return get_object_or_404(
        Handoff.objects.visible_to(request.user).select_related("case"),
        pk=pk,
        ambassador__user=request.user,
    )


@login_required
@require_POST
def handoff_accept(request, pk):
    handoff_obj = _own_handoff(request, pk)
    try:
        services.handoff_accept(handoff=handoff_obj, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have accepted the case."))
    return redirect(_case_url(handoff_obj.case))


@login_required
@require_http_methods(["GET", "POST"])
def handoff_decline(request, pk):
    handoff_obj = _own_handoff(request, pk)
    case = _visible_case(request, handoff_obj.case_id)
    form = forms.ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.handoff_decline(
                handoff=handoff_obj, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, _("You have declined the case; it is back with the advisor.")
            )
            return redirect("cases:ambassador_list")
    return _form_page(
        request,
        case,
        form,
        title=_("Decline the case"),
        submit=_("Decline"),
        extra={"warning": _("Your reason goes back to the confidential advisor.")},
    )


# --- ambassador support --------------------------------------------------------------


@role_required(Role.AMBASSADOR)
@require_http_methods(["GET"])
def ambassador_list(request):
    state = request.GET.get("state", "")
    cases = selectors.ambassador_cases(user=request.user, state=state)
    paginator = Paginator(cases, settings.KLANKBORD_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cases/ambassador_list.html",
        {
            "page_obj": page,
            "cases": page.object_list,
            "state": state,
            "states": [
                ("", _("All")),
                (c.HandoffStatus.OFFERED, _("Awaiting your answer")),
                (c.HandoffStatus.ACCEPTED, _("Accepted")),
            ],
            "querystring": _querystring(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_add(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    # Without ?kind= the form's own initial (a note) stands; None would check nothing.
    kind = request.GET.get("kind") or c.NoteKind.NOTE
    form = forms.NoteForm(_posted(request), initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect(_case_url(case, "notities"))
    return _form_page(request, case, form, title=_("Add a note"), submit=_("Save note"))


@login_required
@require_http_methods(["GET", "POST"])
def referral_add(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    form = forms.ReferralForm(
        _posted(request), partners=_network_partners(request, case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The referral has been recorded."))
            return redirect(_case_url(case, "doorverwijzingen"))
    valid_kinds = Consent.objects.filter(
        case=case, purpose=c.ConsentPurpose.REFERRAL, revoked_at__isnull=True
    ).values_list("referral_kind", flat=True)
    return _form_page(
        request,
        case,
        form,
        title=_("Refer"),
        submit=_("Record referral"),
        extra={
            "hint": _("A referral needs the person's consent for that kind of partner.")
            + " "
            + (
                _("Consent exists for: %(kinds)s.")
                % {
                    "kinds": ", ".join(
                        str(c.ReferralKind(kind).label).lower()
                        for kind in sorted(set(valid_kinds))
                    )
                }
                if valid_kinds
                else _("There is no referral consent yet.")
            )
        },
    )


def _network_partners(request, case):
    """The case organisation's active partners; those working in the office holder's
    region or nationwide first."""
    from django.db.models import Exists, OuterRef

    region_id = case.office_holder.gemeente.region_id
    covers = Partner.regions.through.objects.filter(
        partner_id=OuterRef("pk"), region_id=region_id
    )
    anywhere = Partner.regions.through.objects.filter(partner_id=OuterRef("pk"))
    return (
        Partner.objects.visible_to(request.user)
        .filter(organisation_id=case.organisation_id, is_active=True)
        .annotate(here=Exists(covers), somewhere=Exists(anywhere))
        .prefetch_related("regions")
        .order_by("-here", "somewhere", "kind", "name")
    )


@login_required
@require_POST
def referral_status(request, pk):
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=pk)
    case = _visible_case(request, referral.case_id)
    _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    form = forms.ReferralStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            services.referral_set_status(
                referral=referral, by=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The referral's status has been changed."))
    return redirect(_case_url(case, "doorverwijzingen"))


@login_required
@require_POST
def phase(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.AMBASSADOR})
    form = forms.PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a phase from the list."))
    else:
        try:
            services.case_set_phase(
                case=case, phase=form.cleaned_data["phase"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The phase of support has been changed."))
    return redirect(_case_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk):
    case = _visible_case(request, pk)
    actor = _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    form = forms.CloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                case=case, by=request.user, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The case has been closed."))
            if actor == c.Actor.AMBASSADOR:
                return redirect("cases:ambassador_list")
            return redirect(_case_url(case))
    return _form_page(
        request, case, form, title=_("Close the case"), submit=_("Close case")
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR})
    form = forms.ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_reopen(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The case has been reopened."))
            return redirect(_case_url(case))
    return _form_page(
        request, case, form, title=_("Reopen the case"), submit=_("Reopen")
    )


# --- audit log -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def audit_log(request, pk):
    """Who did what to this case. Advisors of the case's organisation and functional
    admins may read it; it shows actions, never content."""
    is_admin = has_role(request.user, Role.ADMIN)
    if is_admin:
        case_exists = (
            Case.objects.filter(pk=pk).exists()
            or AuditEvent.objects.filter(case_id=pk).exists()
        )
        if not case_exists:
            raise Http404
    else:
        case = _visible_case(request, pk)
        if case.organisation_id != organisation_id_of(request.user) or not has_role(
            request.user, Role.ADVISOR
        ):
            raise Http404
    events = AuditEvent.objects.filter(case_id=pk).select_related("actor")
    paginator = Paginator(events, 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_audit.html",
        {
            "case_id": pk,
            "reference": f"M-{pk:06d}",
            "page_obj": page,
            "events": page.object_list,
            "querystring": _querystring(request),
        },
    )
