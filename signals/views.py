"""Pages of the signals app.

Staff see only the stored statistics releases of their own organisation (nothing is
counted when a page opens) and approved feedback: no page of theirs takes a case id or
a signal id. Advisors and ambassadors record signals and see only the signals they
recorded themselves.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import permissions as case_permissions
from cases.models import Case
from cases.permissions import Action
from core.audit import FORM, audit, audit_reads
from core.constants import AuditAction
from core.permissions import Feature
from core.roles import organisation_id_of
from core.web import add_service_errors, feature_required, flash_errors, posted
from signals import charts, exports, forms, published, services
from signals import constants as sc
from signals.models import (
    ProcessFeedback,
    Report,
    ReturnDay,
    Signal,
    StatisticsRelease,
)
from signals.tasks import enqueue_compile

staff_required = feature_required(Feature.SIGNALS_STAFF)
PAGE_SIZE = 25


recorder_required = feature_required(Feature.SIGNAL_RECORD)


# --- dashboard and releases -----------------------------------------------------------


def _organisation_id(request) -> int:
    organisation_id = organisation_id_of(request.user)
    if organisation_id is None:
        raise Http404
    return organisation_id


def _done_releases(organisation_id: int) -> list:
    return list(
        StatisticsRelease.objects.filter(
            organisation_id=organisation_id, status=sc.ReportStatus.DONE
        )
        .defer("period_versions", "salt", "digest")
        .order_by("-number")
    )


@staff_required
@require_http_methods(["GET"])
def dashboard(request):
    """A stored release of the user's organisation (the latest unless another is
    chosen): the trend over its quarters and every table of one of its periods."""
    releases = _done_releases(_organisation_id(request))
    context = {"releases": releases, "release": None}
    if not releases:
        return render(request, "signals/dashboard.html", context)
    by_number = {r.number: r for r in releases}
    data = request.GET.copy()
    chosen = releases[0]
    if data.get("release", "").isdigit() and int(data["release"]) in by_number:
        chosen = by_number[int(data["release"])]
    data.setdefault("release", str(chosen.number))
    # The newest quarter by default: the freshest figures (years come first in
    # the list of periods).
    quarters = [p for p in chosen.figures.get("periods", []) if p.startswith("q")]
    data.setdefault("period", quarters[0] if quarters else "")
    form = forms.DashboardForm(data, releases, chosen)
    context["form"] = form
    if not form.is_valid():
        return render(request, "signals/dashboard.html", context, status=400)
    view = published.period_view(chosen, form.cleaned_data["period"])
    trend = published.trend_view(chosen)
    context.update(
        release=chosen,
        view=view,
        trend=charts.charts_for([trend])[0],
        charts=charts.charts_for(view["tables"]),
        map_values=view["map_values"],
        params=chosen.parameters,
    )
    return render(request, "signals/dashboard.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def release_list(request):
    organisation_id = _organisation_id(request)
    if request.method == "POST":
        release = services.release_request(
            organisation_id=organisation_id, by=request.user
        )
        messages.success(request, _("The release is being compiled."))
        return redirect("signals:release_detail", release.number)
    releases = StatisticsRelease.objects.filter(organisation_id=organisation_id).defer(
        "figures", "period_versions", "salt", "digest"
    )
    page = Paginator(releases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "signals/release_list.html",
        {"page_obj": page, "releases": page.object_list},
    )


def _release(request, number, *fields) -> StatisticsRelease:
    return get_object_or_404(
        StatisticsRelease.objects.defer("period_versions", "salt", *fields),
        organisation_id=_organisation_id(request),
        number=number,
    )


@staff_required
@require_http_methods(["GET"])
def release_detail(request, number):
    release = _release(request, number, "figures")
    if release.is_done and not request.htmx:
        return redirect(reverse("signals:dashboard") + f"?release={release.number}")
    response = render(request, "signals/release_detail.html", {"release": release})
    if request.htmx and not release.is_pending:
        response["HX-Refresh"] = "true"
    return response


@feature_required(Feature.SIGNALS_DIGEST)
@require_http_methods(["GET"])
def release_digests(request):
    """For functional admins: each release's digest (keyed, salted per release), to
    show that a stored release matches what it was computed from. No figures."""
    releases = StatisticsRelease.objects.filter(
        organisation_id=_organisation_id(request), status=sc.ReportStatus.DONE
    ).only("number", "finished_at", "reason", "digest")
    page = Paginator(releases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "signals/release_digests.html",
        {"page_obj": page, "releases": page.object_list},
    )


# --- reports --------------------------------------------------------------------------


def _reports(request):
    return Report.objects.filter(
        statistics_release__organisation_id=_organisation_id(request)
    )


@staff_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    releases = _done_releases(_organisation_id(request))
    form = forms.ReportForm(posted(request), releases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            report = Report.objects.create(
                statistics_release=data["statistics_release"],
                first_quarter=data["first_quarter"],
                last_quarter=data["last_quarter"],
                return_day=data.get("return_day"),
                requested_by=request.user,
            )
            audit(request.user, AuditAction.CREATE, report, "requested")
            enqueue_compile(report)
        messages.success(request, _("The report is being compiled."))
        return redirect("signals:report_detail", report.pk)
    reports = (
        _reports(request)
        .select_related("return_day", "statistics_release")
        .defer("pdf", "xlsx", "csv", "release", "statistics_release__figures")
    )
    status = request.GET.get("status", "")
    if status in sc.ReportStatus.values:
        reports = reports.filter(status=status)
    sort = request.GET.get("sort", "")
    if sort == "oldest":
        reports = reports.order_by("created_at", "pk")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "signals/report_list.html",
        {
            "form": form,
            "has_releases": bool(releases),
            "page_obj": page,
            "reports": page.object_list,
            "status": status,
            "sort": sort,
            "status_choices": sc.ReportStatus.choices,
            "querystring": params.urlencode(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _report(request, pk, *fields) -> Report:
    return get_object_or_404(
        _reports(request).select_related("return_day").defer(*fields), pk=pk
    )


@staff_required
@require_http_methods(["GET"])
def report_detail(request, pk):
    report = _report(request, pk, "pdf", "xlsx", "csv")
    context = {"report": report}
    if report.is_done:
        context.update(exports.context(report))
        audit(request.user, AuditAction.VIEW, report, "html")
    return render(request, "signals/report_detail.html", context)


@staff_required
@require_http_methods(["GET"])
def report_progress(request, pk):
    report = _report(request, pk, "pdf", "xlsx", "csv", "release")
    response = render(request, "signals/_report_progress.html", {"report": report})
    if not report.is_pending and request.htmx:
        # Reload the page once so the finished report (or the error) is shown.
        response["HX-Refresh"] = "true"
    return response


DOWNLOADS = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


@staff_required
@require_http_methods(["GET"])
def report_download(request, pk, fmt):
    if fmt not in DOWNLOADS:
        raise Http404
    report = _report(request, pk, *(f for f in DOWNLOADS if f != fmt))
    content = getattr(report, fmt)
    if not report.is_done or content is None:
        raise Http404
    audit(request.user, AuditAction.EXPORT, report, fmt)
    content_type, extension = DOWNLOADS[fmt]
    response = HttpResponse(bytes(content), content_type=content_type)
    name = f"klankbord-signalen-{report.pk}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- return days ----------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def return_days(request):
    form = forms.ReturnDayForm(posted(request))
    if request.method == "POST" and form.is_valid():
        day = form.save()
        audit(request.user, AuditAction.CREATE, day)
        messages.success(request, _("The return day has been saved."))
        return redirect("signals:return_days")
    days = ReturnDay.objects.select_related("report")
    return render(
        request,
        "signals/return_days.html",
        {"form": form, "days": days},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def return_day_edit(request, pk):
    day = get_object_or_404(ReturnDay, pk=pk)
    form = forms.ReturnDayForm(posted(request), instance=day)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit(request.user, AuditAction.UPDATE, day)
        messages.success(request, _("The return day has been saved."))
        return redirect("signals:return_days")
    return render(
        request,
        "signals/form_page.html",
        {
            "form": form,
            "title": _("Edit return day"),
            "submit": _("Save"),
            "back": "signals:return_days",
        },
        status=400 if request.method == "POST" else 200,
    )


# --- feedback for staff ---------------------------------------------------------------


@staff_required
@require_http_methods(["GET"])
def feedback_list(request):
    """Approved feedback only, without author or reviewer."""
    items = ProcessFeedback.objects.filter(status=sc.FeedbackStatus.APPROVED).only(
        "text", "quarter"
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "signals/feedback_list.html",
        {"page_obj": page, "items": page.object_list},
    )


# --- recording (advisors and ambassadors) ---------------------------------------------


@recorder_required
@require_http_methods(["GET"])
def signal_list(request):
    signals = Signal.objects.recorded_by(request.user).select_related(
        "province", "region"
    )
    page = Paginator(signals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "signals/signal_list.html",
        {
            "page_obj": page,
            "signals": page.object_list,
            "can_review": services.can_review_feedback(request.user),
        },
    )


@recorder_required
@require_http_methods(["GET", "POST"])
def signal_create(request):
    form = forms.SignalForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.signal_record(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signal has been recorded."))
            return redirect("signals:signal_list")
    return render(
        request,
        "signals/form_page.html",
        {
            "form": form,
            "title": _("Record a signal"),
            "submit": _("Record signal"),
            "back": "signals:signal_list",
            "hint": _(
                "A signal holds no name, no municipality and no free text. Name and "
                "municipality are only used to count a person once."
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@recorder_required
@require_http_methods(["GET", "POST"])
def signal_from_case(request, case_pk):
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related("office_holder"),
        pk=case_pk,
    )
    # Not for an ambassador still deciding on the offer: the page tells whether the
    # case has a statistics consent.
    if not case_permissions.can(request.user, Action.SIGNAL_RECORD, case):
        raise PermissionDenied
    audit_reads(request.user, [case], detail=FORM)  # the page shows its reference
    form = forms.SignalFromCaseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.signal_from_case(by=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signal has been recorded."))
            return redirect("cases:detail", case.pk)
    warning = ""
    if services.statistics_consent(case) is None:
        warning = _("This case has no valid consent for statistics; record it first.")
    return render(
        request,
        "signals/form_page.html",
        {
            "form": form,
            "title": _("Signal from %(ref)s") % {"ref": case.reference},
            "submit": _("Record signal"),
            "back_url": reverse("cases:detail", args=[case.pk]),
            "warning": warning,
            "hint": _(
                "Category, kind of office holder, province, region and quarter are "
                "taken from the case."
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@recorder_required
@require_http_methods(["GET"])
def signal_case_lookup(request):
    """From a case number (M-000123 or 123) to the signal form of that case; whether
    the user may see the case is decided there (404 otherwise)."""
    digits = "".join(ch for ch in request.GET.get("case", "") if ch in "0123456789")
    if not digits or len(digits) > 12:
        messages.error(request, _("Enter a case number such as M-000123."))
        return redirect("signals:signal_list")
    return redirect("signals:signal_from_case", int(digits))


@recorder_required
@require_POST
def signal_revoke(request, pk):
    signal = get_object_or_404(Signal.objects.recorded_by(request.user), pk=pk)
    try:
        services.signal_revoke_consent(signal=signal, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Consent revoked: this person no longer counts in new reports."),
        )
    return redirect("signals:signal_list")


@recorder_required
@require_http_methods(["GET", "POST"])
def feedback_create(request):
    form = forms.FeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. A second person will read it first.")
            )
            return redirect("signals:signal_list")
    return render(
        request,
        "signals/form_page.html",
        {
            "form": form,
            "title": _("Anonymous feedback"),
            "submit": _("Send"),
            "back": "signals:signal_list",
        },
        status=400 if request.method == "POST" else 200,
    )


@feature_required(Feature.FEEDBACK_REVIEW)
@require_http_methods(["GET"])
def feedback_review_list(request):
    items = services.feedback_for_reviewer(request.user).filter(
        status=sc.FeedbackStatus.PENDING
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "signals/feedback_review.html",
        {"page_obj": page, "items": page.object_list, "form": forms.ReviewForm()},
    )


@feature_required(Feature.FEEDBACK_REVIEW)
@require_POST
def feedback_review(request, pk):
    feedback = get_object_or_404(services.feedback_for_reviewer(request.user), pk=pk)
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("signals:feedback_review_list")
    try:
        services.feedback_review(
            feedback=feedback,
            by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Your review has been saved."))
    return redirect("signals:feedback_review_list")
