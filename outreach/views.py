"""OT on Tour: the campaign pages. Coordinators (association staff) only; the campaign
holds no case data, and no other role reaches these pages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from core import exports
from core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from core.permissions import Feature
from core.web import (
    add_service_errors,
    body_too_large,
    feature_required,
    posted,
    querystring,
)
from outreach import charts, forms, selectors, services, transfer
from outreach.constants import ContactRole
from outreach.models import GemeenteCampaign, ProvinceCampaign
from regions.models import Gemeente, Province

coordinator_only = feature_required(Feature.OUTREACH)

CSV = CSV_CONTENT_TYPE
XLSX = XLSX_CONTENT_TYPE


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- dashboard -----------------------------------------------------------------------


@coordinator_only
@require_http_methods(["GET"])
def dashboard(request):
    board = selectors.dashboard()
    list_url = reverse("outreach:gemeente_list")
    chart = charts.bar_chart(
        [
            (
                p.name,
                [p.approached, p.first_talk],
                p.total,
                f"{p.approached} / {p.first_talk} / {p.total}",
            )
            for p in board.provinces
        ]
    )
    target_chart = charts.bar_chart(
        [
            (
                _("Approached"),
                [min(board.target.reached, board.target.count)],
                board.target.count,
                f"{board.target.reached} / {board.target.count}",
            )
        ]
    )
    context = {
        "board": board,
        "paragraph": selectors.paragraph(board),
        "chart": chart,
        "target_chart": target_chart,
        "map_values": {p.code: p.approached for p in board.provinces},
        "map_links": {p.code: f"{list_url}?province={p.pk}" for p in board.provinces},
    }
    return render(request, "outreach/dashboard.html", context)


FIGURE_COLUMNS = [
    ("code", gettext_lazy("Province code")),
    ("name", gettext_lazy("Province")),
    ("total", gettext_lazy("Municipalities")),
    ("approached", gettext_lazy("Approached")),
    ("first_talk", gettext_lazy("First talk held or planned")),
    ("first_talk_pct", gettext_lazy("First talk, percent of municipalities")),
    ("talks_held", gettext_lazy("First talk held")),
    ("waiting", gettext_lazy("Waiting for an answer")),
    ("not_interested", gettext_lazy("Not interested")),
    ("sessions_held", gettext_lazy("Evening sessions held")),
    ("trained", gettext_lazy("Municipalities with a training")),
    ("trainings", gettext_lazy("Trainings")),
    ("session_or_training", gettext_lazy("Evening session or training")),
    ("talk_status_label", gettext_lazy("Talk King's Commissioner / Statengriffier")),
    ("staten_sessions", gettext_lazy("Sessions of the Provincial Council")),
]


@coordinator_only
@require_http_methods(["GET"])
def figures_export(request, fmt):
    """The dashboard's figures, headers in the user's language, counts and
    percentages as numbers (a decimal comma in a Dutch CSV)."""
    board = selectors.dashboard()
    header = [str(label) for _attr, label in FIGURE_COLUMNS]
    rows = [
        [getattr(figures, attr) for attr, _label in FIGURE_COLUMNS]
        for figures in [*board.provinces, board.national]
    ]
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        content = exports.xlsx_bytes(header, rows, _("Figures"))
        return _download(content, f"ot-on-tour-cijfers-{stamp}.xlsx", XLSX)
    content = exports.csv_bytes(header, rows)
    return _download(content, f"ot-on-tour-cijfers-{stamp}.csv", CSV)


# --- gemeenten -----------------------------------------------------------------------


@coordinator_only
@require_http_methods(["GET"])
def gemeente_list(request):
    form = forms.GemeenteFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    paginator = Paginator(
        selectors.gemeenten(filters), settings.KLANKBORD_OUTREACH_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/gemeente_list.html",
        {
            "form": form,
            "page_obj": page,
            "gemeenten": page.object_list,
            "querystring": querystring(request),
        },
    )


@coordinator_only
@require_http_methods(["GET", "POST"])
def gemeente_detail(request, code):
    gemeente = get_object_or_404(
        Gemeente.objects.select_related("province", "region"), code=code
    )
    campaign = GemeenteCampaign.objects.filter(gemeente=gemeente).first()
    contacts = {c.role: c for c in gemeente.campaign_contacts.all()}
    data = posted(request)
    form = forms.CampaignForm(data, instance=campaign or GemeenteCampaign())
    contact_forms = [
        forms.ContactForm(
            data,
            role=role,
            initial=(
                {
                    "name": contacts[role].name,
                    "email": contacts[role].email,
                    "phone": contacts[role].phone,
                }
                if role in contacts
                else {}
            ),
        )
        for role in ContactRole.values
    ]
    valid = [f.is_valid() for f in (form, *contact_forms)]  # all, for every error
    if request.method == "POST" and all(valid):
        try:
            with transaction.atomic():
                services.campaign_update(
                    gemeente=gemeente, data=form.cleaned_data, by=request.user
                )
                for contact_form in contact_forms:
                    services.contact_set(
                        gemeente=gemeente,
                        role=contact_form.role,
                        by=request.user,
                        **contact_form.cleaned_data,
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The campaign of %(name)s has been saved.") % {"name": gemeente.name},
            )
            return redirect("outreach:gemeente_detail", code=gemeente.code)
    return render(
        request,
        "outreach/gemeente_detail.html",
        {
            "gemeente": gemeente,
            "campaign": campaign,
            "form": form,
            "contact_forms": contact_forms,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- provinces -----------------------------------------------------------------------


@coordinator_only
@require_http_methods(["GET"])
def province_list(request):
    board = selectors.dashboard()
    return render(request, "outreach/province_list.html", {"board": board})


@coordinator_only
@require_http_methods(["GET", "POST"])
def province_detail(request, code):
    province = get_object_or_404(Province, code=code)
    campaign = ProvinceCampaign.objects.filter(province=province).first()
    form = forms.ProvinceCampaignForm(
        posted(request), instance=campaign or ProvinceCampaign(province=province)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.province_update(
                province=province, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The campaign of %(name)s has been saved.") % {"name": province.name},
            )
            return redirect("outreach:province_list")
    return render(
        request,
        "outreach/province_detail.html",
        {"province": province, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- import and export ---------------------------------------------------------------


@coordinator_only
@require_http_methods(["GET", "POST"])
def campaign_import(request):
    limit = settings.KLANKBORD_OUTREACH_IMPORT_MAX_BYTES
    if request.method == "POST" and body_too_large(request, limit):
        messages.error(
            request,
            _("The file is larger than %(size)s kB.") % {"size": limit // 1024},
        )
        form = forms.ImportForm()
        context = {"form": form, "report": None, "columns": transfer.COLUMNS}
        return render(request, "outreach/import.html", context, status=400)
    form = forms.ImportForm(posted(request), request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = transfer.run_import(
                    content=upload.read(),
                    filename=upload.name,
                    by=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except transfer.FileRefused as error:
                form.add_error("file", str(error))
            else:
                status = 200
                if report.applied:
                    messages.success(
                        request,
                        ngettext(
                            "Imported: %(count)s municipality changed.",
                            "Imported: %(count)s municipalities changed.",
                            len(report.changing),
                        )
                        % {"count": len(report.changing)},
                    )
                elif report.refused:
                    messages.error(
                        request,
                        ngettext(
                            "Nothing has been imported: %(count)s row is refused. "
                            "Correct it and upload the file again.",
                            "Nothing has been imported: %(count)s rows are refused. "
                            "Correct them and upload the file again.",
                            len(report.refused),
                        )
                        % {"count": len(report.refused)},
                    )
    return render(
        request,
        "outreach/import.html",
        {"form": form, "report": report, "columns": transfer.COLUMNS},
        status=status,
    )


@coordinator_only
@require_http_methods(["GET"])
def campaign_export(request, fmt):
    rows = transfer.export_rows()
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        content = transfer.to_xlsx(rows, _("Campaign"))
        return _download(content, f"ot-on-tour-campagne-{stamp}.xlsx", XLSX)
    return _download(transfer.to_csv(rows), f"ot-on-tour-campagne-{stamp}.csv", CSV)
