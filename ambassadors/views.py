"""Pages of the ambassador network. Coordinators (association staff) manage the
network; an ambassador sees their own hours, availability and meetings; the selection
committee sees applications; vacancies and the application form are public."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ambassadors import forms, scoring, selectors, services
from ambassadors.constants import (
    COMPETENCES,
    CV_TYPES,
    Activity,
    ApplicationStatus,
    MeetingKind,
)
from ambassadors.models import (
    Application,
    InterviewScore,
    Meeting,
    TimeEntry,
    Vacancy,
)
from cases.constants import HandoffStatus
from cases.models import Case
from core import voice
from core.audit import LIST, audit, audit_reads
from core.constants import AuditAction
from core.permissions import Feature, can_use
from core.roles import organisation_id_of
from core.web import (
    add_service_errors,
    body_too_large,
    feature_required,
    flash_errors,
    posted,
    querystring,
    valid_filters,
)
from network import selectors as network_selectors
from network.models import Ambassador, Unavailability
from regions.maps import coverage_map_for
from signals.models import Report

coordinator_only = feature_required(Feature.NETWORK_MANAGE)
committee_only = feature_required(Feature.SELECTION)
ambassador_only = feature_required(Feature.AMBASSADOR_SELF)

CSS = "css/network.css"


def _page(request, qs):
    paginator = Paginator(qs, settings.KLANKBORD_NETWORK_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _own_ambassador(request) -> Ambassador:
    ambassador = services.ambassador_of(request.user)
    if ambassador is None:
        raise PermissionDenied
    return ambassador


def _expected():
    return {
        "hours_min": settings.KLANKBORD_AMBASSADOR_HOURS_MIN,
        "hours_max": settings.KLANKBORD_AMBASSADOR_HOURS_MAX,
        "dagdelen_min": settings.KLANKBORD_AMBASSADOR_DAGDELEN_MIN,
        "dagdelen_max": settings.KLANKBORD_AMBASSADOR_DAGDELEN_MAX,
    }


# --- network and coverage (coordinators) ---------------------------------------------


@coordinator_only
@require_http_methods(["GET"])
def network(request):
    form = forms.NetworkFilterForm(request.GET or None)
    qs = selectors.network_overview(
        organisation_id=organisation_id_of(request.user), filters=valid_filters(form)
    )
    page = _page(request, qs)
    rows = [
        (
            a,
            selectors.load_status(a.hours_month),
            selectors.dagdelen_status(a.dagdelen_year),
        )
        for a in page.object_list
    ]
    return render(
        request,
        "ambassadors/network.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "querystring": querystring(request),
            **_expected(),
        },
    )


@coordinator_only
@require_http_methods(["GET"])
def coverage(request):
    data = network_selectors.coverage(organisation_id=organisation_id_of(request.user))
    available = {row.region.pk: len(row.ambassadors.available) for row in data.regions}
    return render(
        request,
        "ambassadors/coverage.html",
        {"coverage": data, "region_map": coverage_map_for(available)},
    )


# --- an ambassador's page -------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def ambassador_detail(request, pk):
    if can_use(request.user, Feature.NETWORK_MANAGE):
        qs = Ambassador.objects.for_organisation(organisation_id_of(request.user))
    elif can_use(request.user, Feature.AMBASSADOR_SELF):
        qs = Ambassador.objects.filter(user=request.user)  # others' pages are 404
    else:
        raise PermissionDenied
    today = timezone.localdate()
    ambassador = get_object_or_404(
        selectors.with_load(
            qs.select_related("user").prefetch_related("regions"), today=today
        ).annotate(is_unavailable=network_selectors.unavailable_on(today)),
        pk=pk,
    )
    own = ambassador.user_id == request.user.pk
    year = today.year
    invitations = ambassador.invitations.select_related("meeting").filter(
        meeting__held_on__year=year
    )
    first, following = selectors.month_bounds(today)
    by_activity = (
        ambassador.time_entries.filter(worked_on__gte=first, worked_on__lt=following)
        .values("activity")
        .annotate(total=Sum("hours"))
        .order_by("activity")
    )
    return render(
        request,
        "ambassadors/ambassador_detail.html",
        {
            "ambassador": ambassador,
            "own": own,
            "year": year,
            "invitations": invitations,
            "periods": ambassador.unavailabilities.filter(ends_on__gte=today),
            "by_activity": [
                (Activity(row["activity"]).label, row["total"]) for row in by_activity
            ],
            "load": selectors.load_status(ambassador.hours_month),
            "dagdelen": selectors.dagdelen_status(ambassador.dagdelen_year),
            "unavailability_form": forms.UnavailabilityForm() if own else None,
            **_expected(),
        },
    )


@ambassador_only
def my_page(request):
    return redirect("ambassadors:detail", pk=_own_ambassador(request).pk)


# --- hours and availability (the ambassador themselves) -------------------------------


def _my_cases(request, ambassador):
    return (
        Case.objects.visible_to(request.user)
        .filter(
            handoffs__ambassador=ambassador, handoffs__status=HandoffStatus.ACCEPTED
        )
        .order_by("-pk")
        .distinct()
    )


@ambassador_only
@require_http_methods(["GET", "POST"])
def hours(request):
    ambassador = _own_ambassador(request)
    form = forms.TimeEntryForm(posted(request), cases=_my_cases(request, ambassador))
    if request.method == "POST" and form.is_valid():
        try:
            services.time_log(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your hours have been logged."))
            return redirect("ambassadors:hours")
    entries = TimeEntry.objects.filter(ambassador=ambassador).select_related("case")
    page = _page(request, entries)
    # The case field lists the references of the ambassador's cases, and so do the
    # entries: a read of each (one INSERT).
    shown = {case.pk: case for case in form.fields["case"].queryset}
    shown.update({e.case.pk: e.case for e in page.object_list if e.case})
    audit_reads(request.user, shown.values(), detail=LIST)
    return render(
        request,
        "ambassadors/hours.html",
        {
            "form": form,
            "page_obj": page,
            "entries": page.object_list,
            "querystring": querystring(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@ambassador_only
@require_POST
def hours_delete(request, pk):
    entry = get_object_or_404(TimeEntry, pk=pk, ambassador__user=request.user)
    services.time_delete(entry=entry, by=request.user)
    messages.success(request, _("The entry has been deleted."))
    return redirect("ambassadors:hours")


@ambassador_only
@require_POST
def unavailability_add(request):
    ambassador = _own_ambassador(request)
    form = forms.UnavailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.unavailability_add(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("You are marked unavailable; no cases will be proposed to you then."),
            )
    else:
        messages.error(request, _("Give a valid start and end date."))
    return redirect("ambassadors:detail", pk=ambassador.pk)


@ambassador_only
@require_POST
def unavailability_delete(request, pk):
    period = get_object_or_404(Unavailability, pk=pk, ambassador__user=request.user)
    services.unavailability_delete(period=period, by=request.user)
    messages.success(request, _("The period has been removed."))
    return redirect("ambassadors:detail", pk=period.ambassador_id)


# --- meetings ------------------------------------------------------------------------


def _meeting_viewer(request):
    """(is coordinator, own ambassador or None); 403 for other roles."""
    if can_use(request.user, Feature.NETWORK_MANAGE):
        return True, None
    ambassador = services.ambassador_of(request.user)
    if ambassador is None:
        raise PermissionDenied
    return False, ambassador


@login_required
@require_http_methods(["GET"])
def meeting_list(request):
    coordinator, ambassador = _meeting_viewer(request)
    qs = selectors.meetings_for(request.user, ambassador=ambassador)
    kind = request.GET.get("kind", "")
    if kind in dict(Meeting._meta.get_field("kind").choices):
        qs = qs.filter(kind=kind)
    when = request.GET.get("when", "")
    today = timezone.localdate()
    if when == "upcoming":
        qs = qs.filter(held_on__gte=today).order_by("held_on", "pk")
    elif when == "past":
        qs = qs.filter(held_on__lt=today)
    page = _page(request, qs)
    return render(
        request,
        "ambassadors/meeting_list.html",
        {
            "page_obj": page,
            "meetings": page.object_list,
            "coordinator": coordinator,
            "kind": kind,
            "when": when,
            "kinds": Meeting._meta.get_field("kind").choices,
            "querystring": querystring(request),
        },
    )


@coordinator_only
@require_http_methods(["GET", "POST"])
def meeting_create(request, pk=None):
    meeting = get_object_or_404(Meeting, pk=pk) if pk is not None else None
    form = forms.MeetingForm(posted(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(
            meeting=form.save(commit=False), by=request.user
        )
        messages.success(request, _("The meeting has been saved."))
        return redirect("ambassadors:meeting_detail", pk=meeting.pk)
    title = _("Change the meeting") if meeting else _("Plan a meeting")
    return render(
        request,
        "ambassadors/form_page.html",
        {"form": form, "title": title, "submit": _("Save")},
        status=400 if request.method == "POST" else 200,
    )


def _signal_report_for(meeting):
    """The anonymised signal report prepared for a terugkomdag (signals app), if any."""
    if meeting.kind != MeetingKind.RETURN_DAY:
        return None
    return Report.objects.filter(return_day__date=meeting.held_on).first()


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    coordinator, ambassador = _meeting_viewer(request)
    qs = Meeting.objects.all()
    if not coordinator:
        qs = qs.filter(invitations__ambassador=ambassador)
    meeting = get_object_or_404(qs, pk=pk)
    invitations = meeting.invitations.select_related("ambassador__user")
    if not coordinator:
        invitations = invitations.filter(ambassador=ambassador)
        if request.method == "POST":
            raise PermissionDenied
    invite_form = None
    if coordinator:
        invite_form = forms.InviteForm(
            request.POST if request.POST.get("action") == "invite" else None,
            organisation_id=organisation_id_of(request.user),
        )
        if request.method == "POST":
            response = _meeting_post(request, meeting, invite_form)
            if response is not None:
                return response
    return render(
        request,
        "ambassadors/meeting_detail.html",
        {
            "meeting": meeting,
            "invitations": invitations,
            "coordinator": coordinator,
            "invite_form": invite_form,
            "signal_report": _signal_report_for(meeting),
        },
        status=400 if request.method == "POST" else 200,
    )


def _meeting_post(request, meeting, invite_form):
    action = request.POST.get("action")
    if action == "invite" and invite_form.is_valid():
        count = services.invite(
            meeting=meeting,
            ambassadors=invite_form.cleaned_data["ambassadors"],
            by=request.user,
        )
        messages.success(
            request,
            ngettext(
                "%(count)s ambassador invited.", "%(count)s ambassadors invited.", count
            )
            % {"count": count},
        )
        return redirect("ambassadors:meeting_detail", pk=meeting.pk)
    if action == "attendance":
        values = {"yes": True, "no": False, "": None}
        attended = {}
        for invitation in meeting.invitations.all():
            raw = request.POST.get(f"attended-{invitation.pk}", "")
            if raw not in values:
                messages.error(request, _("Choose yes, no or not recorded."))
                return None
            attended[invitation.pk] = values[raw]
        try:
            services.attendance_record(
                meeting=meeting, attended=attended, by=request.user
            )
        except ValidationError as error:
            flash_errors(request, error)
            return None
        messages.success(request, _("Attendance has been recorded."))
        return redirect("ambassadors:meeting_detail", pk=meeting.pk)
    return None


# --- recruitment: public vacancies and the application form ---------------------------


@require_http_methods(["GET"])
def vacancy_list(request):
    today = timezone.localdate()
    qs = Vacancy.objects.select_related("region")
    manager = can_use(request.user, Feature.NETWORK_MANAGE)
    if not manager:
        qs = qs.filter(closes_on__gte=today).order_by("closes_on", "region__name")
    region = request.GET.get("region", "")
    if region.isascii() and region.isdigit():  # not "²": int() refuses it
        qs = qs.filter(region_id=int(region))
    page = _page(request, qs)
    return render(
        request,
        "ambassadors/vacancy_list.html",
        {
            "page_obj": page,
            "vacancies": page.object_list,
            "manager": manager,
            "today": today,
            "querystring": querystring(request),
        },
    )


@coordinator_only
@require_http_methods(["GET", "POST"])
def vacancy_create(request, pk=None):
    vacancy = get_object_or_404(Vacancy, pk=pk) if pk is not None else None
    form = forms.VacancyForm(posted(request), instance=vacancy)
    if request.method == "POST" and form.is_valid():
        vacancy = form.save()
        messages.success(request, _("The vacancy has been published."))
        return redirect("ambassadors:vacancy_detail", pk=vacancy.pk)
    title = _("Change the vacancy") if vacancy else _("New vacancy")
    return render(
        request,
        "ambassadors/form_page.html",
        {"form": form, "title": title, "submit": _("Publish")},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def vacancy_detail(request, pk):
    vacancy = get_object_or_404(Vacancy.objects.select_related("region"), pk=pk)
    is_open = vacancy.is_open()  # a closed vacancy shows the closing message
    if request.method == "POST" and body_too_large(
        request, settings.KLANKBORD_CV_MAX_BYTES
    ):
        messages.error(
            request,
            _("The CV is larger than %(size)s MB.")
            % {"size": settings.KLANKBORD_CV_MAX_BYTES // (1024 * 1024)},
        )
        form = forms.ApplicationForm()
        return render(
            request,
            "ambassadors/vacancy_detail.html",
            {"vacancy": vacancy, "is_open": is_open, "form": form},
            status=400,
        )
    form = forms.ApplicationForm(posted(request), request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not is_open:
            messages.error(
                request,
                _(
                    "Applications for this vacancy closed on %(date)s; yours has not "
                    "been received."
                )
                % {"date": voice.page_date(vacancy.closes_on)},
            )
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "cv"}
            try:
                services.application_submit(
                    vacancy=vacancy, data=data, cv=form.cleaned_data["cv"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("cv" if "CV" in message else None, message)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your application has been received. The selection "
                        "committee will contact you."
                    ),
                )
                return redirect("ambassadors:vacancy_detail", pk=vacancy.pk)
    return render(
        request,
        "ambassadors/vacancy_detail.html",
        {"vacancy": vacancy, "is_open": is_open, "form": form},
        status=status,
    )


# --- recruitment: the selection committee ---------------------------------------------


@committee_only
@require_http_methods(["GET"])
def application_list(request):
    form = forms.ApplicationFilterForm(request.GET or None)
    filters = valid_filters(form)
    qs = Application.objects.select_related("vacancy__region", "interview")
    if filters.get("vacancy"):
        qs = qs.filter(vacancy=filters["vacancy"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    order = forms.ApplicationFilterForm.SORTS.get(filters.get("sort") or "-submitted")
    page = _page(request, qs.order_by(*order))
    audit_reads(request.user, page.object_list, detail=LIST)  # the applicants' names
    return render(
        request,
        "ambassadors/application_list.html",
        {
            "form": form,
            "page_obj": page,
            "applications": page.object_list,
            "querystring": querystring(request),
        },
    )


@committee_only
@require_http_methods(["GET", "POST"])
def application_detail(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("vacancy__region", "ambassador__user"), pk=pk
    )
    interview = getattr(application, "interview", None)
    form = forms.InterviewForm(posted(request), instance=interview)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.interview_record(
                application=application, data=data, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The interview has been recorded."))
            return redirect("ambassadors:application_detail", pk=application.pk)
    # Name, motivation and the interview: a read of the application.
    audit_reads(request.user, [application, *([interview] if interview else [])])
    return render(
        request,
        "ambassadors/application_detail.html",
        {
            "application": application,
            "interview": interview,
            "scores": [(label, getattr(interview, name)) for name, label in COMPETENCES]
            if interview
            else [],
            "form": form,
            "appoint_form": forms.AppointForm(),
            "decided": application.status
            in (ApplicationStatus.APPOINTED, ApplicationStatus.REJECTED),
            **_scoring(request, application, interview),
        },
        status=400 if request.method == "POST" else 200,
    )


def _scoring(request, application, interview, score_form=None) -> dict:
    """Every member's scores and their average, and the user's own score form."""
    if interview is None:
        return {"score_table": None, "score_form": None}
    if score_form is None:
        own = InterviewScore.objects.filter(
            application=application, member=request.user
        ).first()
        initial = (
            {name: getattr(own, name) for name, _label in COMPETENCES} if own else {}
        )
        score_form = forms.ScoreForm(initial=initial)
    return {"score_table": scoring.score_table(application), "score_form": score_form}


@committee_only
@require_POST
def application_score(request, pk):
    """A committee member saves their own scores of the interview."""
    application = get_object_or_404(
        Application.objects.select_related("vacancy__region", "ambassador__user"), pk=pk
    )
    form = forms.ScoreForm(request.POST)
    if form.is_valid():
        try:
            scoring.interview_score(
                application=application, by=request.user, scores=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your scores have been saved."))
            return redirect("ambassadors:application_detail", pk=application.pk)
    interview = getattr(application, "interview", None)
    if interview is None:
        flash_errors(
            request, ValidationError(_("Record the interview before scoring it."))
        )
        return redirect("ambassadors:application_detail", pk=application.pk)
    audit_reads(request.user, [application, interview])
    return render(
        request,
        "ambassadors/application_detail.html",
        {
            "application": application,
            "interview": interview,
            "scores": [
                (label, getattr(interview, name)) for name, label in COMPETENCES
            ],
            "form": forms.InterviewForm(instance=interview),
            "appoint_form": forms.AppointForm(),
            "decided": application.status
            in (ApplicationStatus.APPOINTED, ApplicationStatus.REJECTED),
            **_scoring(request, application, interview, score_form=form),
        },
        status=400,
    )


@committee_only
@require_POST
def application_decide(request, pk):
    application = get_object_or_404(Application, pk=pk)
    try:
        if request.POST.get("decision") == "appoint":
            form = forms.AppointForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose valid regions."))
            if request.POST.get("confirmed") != "1":
                # An appointment makes an account: the committee confirms it first,
                # on a page that says what happens.
                return _confirm_appointment(request, application, form)
            ambassador = services.application_appoint(
                application=application,
                regions=form.cleaned_data["regions"],
                by=request.user,
            )
            messages.success(
                request,
                _(
                    "%(name)s has been appointed regional ambassador. Access to "
                    "cases follows once a functional administrator has approved it."
                )
                % {"name": ambassador},
            )
        elif request.POST.get("decision") == "reject":
            services.application_reject(application=application, by=request.user)
            messages.success(request, _("The application has been declined."))
        else:
            raise ValidationError(_("Choose appoint or decline."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("ambassadors:application_detail", pk=application.pk)


def _confirm_appointment(request, application, form):
    if application.status != ApplicationStatus.INTERVIEW:
        raise ValidationError(
            _("Only an applicant who had the interview can be appointed.")
        )
    regions = [application.vacancy.region, *form.cleaned_data["regions"]]
    return render(
        request,
        "ambassadors/application_appoint_confirm.html",
        {
            "application": application,
            "regions": list(dict.fromkeys(regions)),
            "chosen": form.cleaned_data["regions"],
            "score_table": scoring.score_table(application),
        },
    )


@committee_only
@require_http_methods(["GET"])
def application_cv(request, pk):
    application = get_object_or_404(Application, pk=pk)
    if not application.cv or application.cv_kind not in CV_TYPES:
        raise Http404
    # The stored bytes are sealed (core.fields.EncryptedFieldFile): they are opened
    # only here, after the committee check.
    try:
        content = application.cv.read_plain()
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"cv-{application.pk}.{application.cv_kind}",
        content_type=CV_TYPES[application.cv_kind],
    )
    # A CV is an attachment: every download is in the access log (who, role, when).
    audit(request.user, AuditAction.EXPORT, application, detail="cv")
    return response
