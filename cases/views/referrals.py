"""Referrals, their status and outcome, and the expert network's partner list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import constants as c
from cases.forms.referrals import (
    PartnerFilterForm,
    ReferralForm,
    ReferralOutcomeForm,
    ReferralStatusForm,
)
from cases.models import Consent, Partner, Referral
from cases.permissions import Action
from cases.services import consent as consent_service
from cases.services import referrals as service
from cases.services.common import valid_consents
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core.audit import audit_reads
from core.permissions import Feature, can_use, require_feature
from core.web import add_service_errors, posted, querystring


@login_required
@require_http_methods(["GET", "POST"])
def referral_add(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.REFERRAL_ADD, case)
    form = ReferralForm(posted(request), partners=network_partners(request, case))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consent = {name: data.pop(name) for name in ReferralForm.CONSENT_FIELDS}
        record_consent = data.pop("record_consent")
        try:
            with transaction.atomic():
                if record_consent:
                    _record_missing_consent(request, case, data, consent)
                service.referral_create(case=case, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The referral has been recorded."))
            return redirect(case_url(case, "doorverwijzingen"))
    valid_kinds = Consent.objects.filter(
        case=case, purpose=c.ConsentPurpose.REFERRAL, revoked_at__isnull=True
    ).values_list("referral_kind", flat=True)
    return case_form_page(
        request,
        case,
        form,
        title=_("Refer"),
        submit=_("Record referral"),
        template="cases/case_referral.html",
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


def _record_missing_consent(request, case, data, consent) -> None:
    """The referral consent typed into the referral form, recorded first (in the
    referral's transaction: a refused referral leaves no consent behind), unless a
    valid one for that kind exists already."""
    partner = data.get("network_partner")
    kind = partner.kind if partner is not None else data.get("kind")
    if valid_consents(case, c.ConsentPurpose.REFERRAL, kind).exists():
        return
    consent_service.consent_record(
        case=case,
        by=request.user,
        purpose=c.ConsentPurpose.REFERRAL,
        referral_kind=kind,
        given_by=consent["consent_given_by"],
        method=consent["consent_method"],
        given_at=consent["consent_given_at"],
    )


def network_partners(request, case):
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
    case = visible_case(request, referral.case_id)
    require_page(request, Action.REFERRAL_UPDATE, case)
    form = ReferralStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            service.referral_set_status(
                referral=referral, by=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The referral's status has been changed."))
    return redirect(case_url(case, "doorverwijzingen"))


@login_required
@require_http_methods(["GET", "POST"])
def referral_outcome(request, pk):
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=pk)
    case = visible_case(request, referral.case_id)
    require_page(request, Action.REFERRAL_UPDATE, case)
    form = ReferralOutcomeForm(posted(request), initial={"outcome": referral.outcome})
    if request.method == "GET":
        audit_reads(request.user, [referral])
    if request.method == "POST" and form.is_valid():
        try:
            service.referral_set_outcome(
                referral=referral, by=request.user, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome of the referral has been saved."))
            return redirect(case_url(case, "doorverwijzingen"))
    return case_form_page(
        request,
        case,
        form,
        title=_("Record the outcome of the referral to %(partner)s")
        % {"partner": referral.partner},
        submit=_("Save outcome"),
    )


@login_required
@require_GET
def partner_list(request):
    """The expert network of the user's organisation: filter, sort, paginate."""
    require_feature(request.user, Feature.PARTNER_LIST)
    form = PartnerFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    partners = Partner.objects.visible_to(request.user).active()
    if filters.get("kind"):
        partners = partners.filter(kind=filters["kind"])
    if filters.get("availability"):
        partners = partners.filter(availability=filters["availability"])
    if filters.get("region"):
        partners = partners.for_region(filters["region"])
    if filters.get("q"):
        query = filters["q"]
        partners = partners.filter(
            Q(name__icontains=query) | Q(expertise__icontains=query)
        )
    order = PartnerFilterForm.SORTS.get(filters.get("sort") or "name")
    partners = partners.prefetch_related("regions").order_by(*order)
    paginator = Paginator(partners, settings.KLANKBORD_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cases/partner_list.html",
        {
            "form": form,
            "page_obj": page,
            "partners": page.object_list,
            "querystring": querystring(request),
            "can_manage": can_use(request.user, Feature.PARTNER_MANAGE),
        },
    )
