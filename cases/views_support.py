"""Views of the support work of issue 6: the 24/7 line's help page and night intake,
completing an intake, police report and damage, an advisor's recorded actions, the
formal report, referral outcomes and the expert network.

As in ``cases.views``: every case page starts from ``Case.objects.visible_to`` (an
invisible case is a 404), the services decide what a user may do, bad input re-renders
the form with errors (status 400) and changes nothing."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases import constants as c
from cases import forms_support as forms
from cases import services, services_support
from cases.forms import ReferralOutcomeForm
from cases.models import Partner, PoliceReport, Referral
from cases.views import (
    _actor_or_403,
    _add_service_errors,
    _case_url,
    _form_page,
    _posted,
    _querystring,
    _visible_case,
    role_required,
)
from core.audit import audit_reads
from core.constants import OrganisationKind, Role
from core.models import Organisation
from core.roles import has_role, organisation_id_of, roles_of


def _is_party(user) -> bool:
    return Organisation.objects.filter(
        pk=organisation_id_of(user), kind=OrganisationKind.PARTY
    ).exists()


# --- the 24/7 line -------------------------------------------------------------------


@require_GET
def help_page(request):
    """The 24/7 line's number and hours (configuration), what to do in immediate
    danger, and aangifte versus a police melding. Public: nothing on it is secret."""
    return render(
        request,
        "cases/help.html",
        {
            "hotline_phone": settings.KLANKBORD_HOTLINE_PHONE,
            "hotline_hours": settings.KLANKBORD_HOTLINE_HOURS,
            "office_hours": settings.KLANKBORD_OFFICE_HOURS,
            "emergency_advice": forms.EMERGENCY_ADVICE,
            "police_help": forms.POLICE_HELP,
        },
    )


@role_required(Role.ADVISOR)
@require_http_methods(["GET", "POST"])
def night_call(request):
    form = forms.NightCallForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = services_support.night_call_create(
                by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Night call %(ref)s has been saved. Complete the intake later.")
                % {"ref": case.reference},
            )
            if case.immediate_danger:
                messages.warning(request, str(forms.EMERGENCY_ADVICE))
            return redirect(_case_url(case))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cases/night_call.html",
        {
            "form": form,
            "hotline_phone": settings.KLANKBORD_HOTLINE_PHONE,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def complete_intake(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR})
    initial = {
        "category": case.category,
        "occurred_on": case.occurred_on,
        "urgency": case.urgency,
        "account": case.account,
        "location": case.location,
        "immediate_needs": case.immediate_needs,
        "scope": case.scope,
        "told_instead": case.told_instead,
    }
    form = forms.CompleteIntakeForm(
        _posted(request), initial=initial, is_party=_is_party(request.user)
    )
    if request.method == "GET":
        audit_reads(request.user, [case])  # the form shows the account
    if request.method == "POST" and form.is_valid():
        try:
            services_support.case_complete_intake(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The intake has been completed."))
            return redirect(_case_url(case))
    return _form_page(
        request,
        case,
        form,
        title=_("Complete the intake"),
        submit=_("Save intake"),
    )


# --- police report and damage --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def police_report(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    existing = PoliceReport.objects.filter(case=case).first()
    initial = {}
    if existing is not None:
        initial = {
            "advice": existing.advice,
            "action": existing.action,
            "reported_on": existing.reported_on,
            "police_reference": existing.police_reference,
            "notes": existing.notes,
        }
    form = forms.PoliceReportForm(_posted(request), initial=initial)
    if request.method == "GET" and existing is not None:
        audit_reads(request.user, [existing])
    if request.method == "POST" and form.is_valid():
        try:
            services_support.police_report_save(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The police report has been saved."))
            return redirect(_case_url(case, "politie"))
    return _form_page(
        request,
        case,
        form,
        title=_("Police: aangifte or melding"),
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def damage_add(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    form = forms.DamageForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_support.damage_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The damage has been recorded."))
            return redirect(_case_url(case, "politie"))
    return _form_page(
        request, case, form, title=_("Record damage"), submit=_("Record damage")
    )


# --- what the advisor did ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def advisor_action_add(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR})
    form = forms.AdvisorActionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_support.advisor_action_record(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The action has been recorded."))
            return redirect(_case_url(case, "vp-acties"))
    return _form_page(
        request,
        case,
        form,
        title=_("Record what you did"),
        submit=_("Record action"),
        extra={
            "hint": _(
                "Advice to the board needs the person's consent for it, and must not "
                "identify them. Turning the melding into a formal report is a "
                "separate step."
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def formal_report(request, pk):
    case = _visible_case(request, pk)
    _actor_or_403(request, case, {c.Actor.ADVISOR})
    form = forms.FormalReportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_support.case_make_formal_report(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, _("The melding has been turned into a formal report.")
            )
            return redirect(_case_url(case, "vp-acties"))
    return _form_page(
        request,
        case,
        form,
        title=_("Turn the melding into a formal report"),
        submit=_("Make the formal report"),
        extra={
            "warning": _(
                "A melding to the confidential advisor is confidential. It becomes a "
                "formal report to the organisation only if the person asks for it "
                "and consents. This step is recorded and cannot be undone."
            )
        },
    )


# --- referrals -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def referral_outcome(request, pk):
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=pk)
    case = _visible_case(request, referral.case_id)
    _actor_or_403(request, case, {c.Actor.ADVISOR, c.Actor.AMBASSADOR})
    form = ReferralOutcomeForm(_posted(request), initial={"outcome": referral.outcome})
    if request.method == "GET":
        audit_reads(request.user, [referral])
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_set_outcome(
                referral=referral, by=request.user, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome of the referral has been saved."))
            return redirect(_case_url(case, "doorverwijzingen"))
    return _form_page(
        request,
        case,
        form,
        title=_("Outcome of the referral to %(partner)s")
        % {"partner": referral.partner},
        submit=_("Save outcome"),
    )


# --- the expert network --------------------------------------------------------------


@login_required
@require_GET
def partner_list(request):
    """The expert network of the user's organisation: filter, sort, paginate."""
    if not roles_of(request.user) & {Role.ADVISOR, Role.AMBASSADOR, Role.ADMIN}:
        raise PermissionDenied
    form = forms.PartnerFilterForm(request.GET or None)
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
    order = forms.PartnerFilterForm.SORTS.get(filters.get("sort") or "name")
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
            "querystring": _querystring(request),
            "can_manage": has_role(request.user, Role.ADMIN) and request.user.is_staff,
        },
    )
