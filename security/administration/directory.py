"""The directory a functional admin maintains in the app: organisations, regions and
their gemeenten, and the expert network's partners.

Only functional admins reach these pages (``Feature.DIRECTORY_MANAGE`` and
``Feature.PARTNER_MANAGE``, core/permissions.py): everyone else gets a 403, also on a
direct POST, before a form is read. The writes are ``directory_services``'; a refusal
comes back on the form (400) or as a message, never as a 500.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Case, Partner, Referral
from core.models import Membership, Organisation
from core.permissions import Feature
from core.roles import organisation_id_of
from core.web import (
    add_service_errors,
    feature_required,
    form_page,
    posted,
    querystring,
)
from regions.models import Gemeente, Region
from security.administration import directory_services as services
from security.administration.directory_forms import (
    GemeenteMoveForm,
    OrganisationForm,
    PartnerForm,
    RegionForm,
)

directory_page = feature_required(Feature.DIRECTORY_MANAGE)
partner_page = feature_required(Feature.PARTNER_MANAGE)


def _count_of(model, field: str):
    """The number of ``model`` rows whose ``field`` is the outer row: one subquery,
    so two counts do not multiply each other's rows."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def list_page(request, queryset):
    """The page of ``queryset`` that ``?page=`` asks for (the directory's lists)."""
    return Paginator(queryset, settings.KLANKBORD_QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )


# --- organisations --------------------------------------------------------------------


@directory_page
@require_GET
def organisation_list(request):
    organisations = Organisation.objects.annotate(
        member_count=_count_of(Membership, "organisation"),
        case_count=_count_of(Case, "organisation"),
    ).order_by("name")
    page = list_page(request, organisations)
    return render(
        request,
        "administration/directory/organisation_list.html",
        {
            "page_obj": page,
            "organisations": page.object_list,
            "querystring": querystring(request),
        },
    )


@directory_page
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The organisation %(name)s has been added.") % {"name": organisation},
            )
            return redirect("directory:organisation_list")
    return form_page(
        request,
        "administration/directory/organisation_form.html",
        {"form": form, "title": _("New organisation"), "submit": _("Add organisation")},
    )


@directory_page
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm.for_organisation(organisation, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.organisation_update(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed:
                messages.success(request, _("The organisation has been saved."))
            return redirect("directory:organisation_list")
    return form_page(
        request,
        "administration/directory/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": _("Change %(name)s") % {"name": organisation.name},
            "submit": _("Save"),
        },
    )


@directory_page
@require_http_methods(["GET", "POST"])
def organisation_delete(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if request.method == "POST":
        try:
            services.organisation_delete(organisation=organisation, by=request.user)
        except ValidationError as error:
            messages.error(
                request,
                " ".join(
                    [
                        _("%(name)s cannot be deleted.") % {"name": organisation.name},
                        *error.messages,
                    ]
                ),
            )
            return redirect("directory:organisation_delete", pk=organisation.pk)
        messages.success(
            request,
            _("The organisation %(name)s has been deleted.")
            % {"name": organisation.name},
        )
        return redirect("directory:organisation_list")
    return render(
        request,
        "administration/directory/organisation_delete.html",
        {
            "organisation": organisation,
            "reasons": services.organisation_in_use(organisation),
        },
    )


# --- regions and gemeenten ------------------------------------------------------------


def _names(values) -> str:
    return ", ".join(sorted(set(values)))


@directory_page
@require_GET
def region_list(request):
    """Every region with its number of gemeenten, and the provinces and
    veiligheidsregio's those gemeenten lie in (one query for all gemeenten)."""
    regions = list(
        Region.objects.annotate(gemeente_count=Count("gemeenten")).order_by("name")
    )
    veiligheidsregio_of = services.veiligheidsregio_names()
    provinces, veiligheidsregios = defaultdict(list), defaultdict(list)
    for region_id, code, province in Gemeente.objects.values_list(
        "region_id", "code", "province__name"
    ):
        provinces[region_id].append(province)
        veiligheidsregios[region_id].append(veiligheidsregio_of.get(code, _("Unknown")))
    for region in regions:
        region.province_names = _names(provinces[region.pk])
        region.veiligheidsregio_names = _names(veiligheidsregios[region.pk])
    return render(
        request,
        "administration/directory/region_list.html",
        {"regions": regions},
    )


@directory_page
@require_http_methods(["GET", "POST"])
def region_detail(request, pk):
    """A region's gemeenten, each with its province and veiligheidsregio; ticking
    some and choosing a region moves them there."""
    region = get_object_or_404(Region, pk=pk)
    form = GemeenteMoveForm(posted(request), region=region)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.gemeenten_move(
                region=region,
                gemeenten=form.cleaned_data["gemeenten"],
                to=form.cleaned_data["target"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d municipality moved to %(region)s.",
                    "%(count)d municipalities moved to %(region)s.",
                    moved,
                )
                % {"count": moved, "region": form.cleaned_data["target"]},
            )
            return redirect("directory:region_detail", pk=region.pk)
    veiligheidsregio_of = services.veiligheidsregio_names()
    gemeenten = list(region.gemeenten.select_related("province").order_by("name"))
    for gemeente in gemeenten:
        gemeente.veiligheidsregio = veiligheidsregio_of.get(gemeente.code, "")
    chosen = (
        {str(v) for v in form["gemeenten"].value() or []} if form.is_bound else set()
    )
    return form_page(
        request,
        "administration/directory/region_detail.html",
        {
            "region": region,
            "gemeenten": gemeenten,
            "form": form,
            "chosen": chosen,
        },
    )


@directory_page
@require_http_methods(["GET", "POST"])
def region_create(request):
    form = RegionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            region = services.region_create(
                by=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The region %(name)s has been added.") % {"name": region.name},
            )
            return redirect("directory:region_detail", pk=region.pk)
    return form_page(
        request,
        "administration/directory/region_form.html",
        {"form": form, "title": _("New region"), "submit": _("Add region")},
    )


@directory_page
@require_http_methods(["GET", "POST"])
def region_edit(request, pk):
    region = get_object_or_404(Region, pk=pk)
    form = RegionForm(posted(request), initial={"name": region.name})
    if request.method == "POST" and form.is_valid():
        try:
            renamed = services.region_rename(
                region=region, by=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if renamed:
                messages.success(request, _("The region has been renamed."))
            return redirect("directory:region_detail", pk=region.pk)
    return form_page(
        request,
        "administration/directory/region_form.html",
        {
            "form": form,
            "region": region,
            "title": _("Rename %(name)s") % {"name": region.name},
            "submit": _("Save"),
        },
    )


# --- network partners -----------------------------------------------------------------


@partner_page
@require_GET
def partner_list(request):
    """Every organisation's partners, active and inactive, with their referrals."""
    partners = (
        Partner.objects.select_related("organisation")
        .prefetch_related("regions")
        .annotate(referral_count=_count_of(Referral, "network_partner"))
        .order_by("-is_active", "name", "pk")
    )
    page = list_page(request, partners)
    return render(
        request,
        "administration/directory/partner_list.html",
        {
            "page_obj": page,
            "partners": page.object_list,
            "querystring": querystring(request),
        },
    )


def _partner_formlist_page(request, partner: Partner | None):
    initial = {}
    if partner is None:
        initial = {"organisation": organisation_id_of(request.user)}
    form = PartnerForm(posted(request), instance=partner, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(
                partner=form.save(commit=False),
                regions=list(form.cleaned_data["regions"]),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The network partner has been saved."))
            return redirect("directory:partner_list")
    title = (
        _("Change network partner %(name)s") % {"name": partner.name}
        if partner is not None
        else _("New network partner")
    )
    return form_page(
        request,
        "administration/directory/partner_form.html",
        {"form": form, "partner": partner, "title": title, "submit": _("Save")},
    )


@partner_page
@require_http_methods(["GET", "POST"])
def partner_create(request):
    return _partner_formlist_page(request, None)


@partner_page
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    return _partner_formlist_page(request, get_object_or_404(Partner, pk=pk))


@partner_page
@require_http_methods(["GET", "POST"])
def partner_delete(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    if request.method == "POST":
        try:
            services.partner_delete(partner=partner, by=request.user)
        except ValidationError as error:
            messages.error(
                request,
                " ".join(
                    [
                        *error.messages,
                        _(
                            "The partner stays on record: make it inactive instead, "
                            "then nobody can refer to it any more."
                        ),
                    ]
                ),
            )
            return redirect("directory:partner_delete", pk=partner.pk)
        messages.success(request, _("The network partner has been deleted."))
        return redirect("directory:partner_list")
    return render(
        request,
        "administration/directory/partner_delete.html",
        {"partner": partner, "referrals": services.partner_referral_count(partner)},
    )
