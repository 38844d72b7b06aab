"""Recording a melding: the intake, a call to the 24/7-lijn, completing an intake,
and the public help page of the 24/7-lijn."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from cases.forms.intake import (
    EMERGENCY_ADVICE,
    CompleteIntakeForm,
    HotlineCallForm,
    IntakeForm,
)
from cases.forms.police import POLICE_HELP
from cases.models import Case
from cases.permissions import Action
from cases.services import intake as service
from cases.views.common import (
    case_form_page,
    case_url,
    is_party,
    require_page,
    visible_case,
)
from core.audit import LIST, audit_named
from core.constants import AuditAction
from core.permissions import Feature
from core.web import add_service_errors, feature_required, posted

# The buttons that search instead of saving (the type-ahead without JavaScript).
SEARCH_BUTTONS = ("search_holder", "search_gemeente")


@feature_required(Feature.CASE_CREATE)
@require_http_methods(["GET", "POST"])
def intake(request):
    party = is_party(request.user)
    if request.method == "POST" and any(b in request.POST for b in SEARCH_BUTTONS):
        # A search without JavaScript: the page comes back with what was typed and
        # the lists narrowed to the matches. Nothing is validated or saved. (POST,
        # like the queue's search: a name never goes into a URL.)
        form = IntakeForm(
            initial=_typed(request.POST), user=request.user, is_party=party
        )
        form.narrow(
            holder=request.POST.get("holder_q", "")[:100],
            gemeente=request.POST.get("gemeente_q", "")[:100],
        )
        _audit_holder_list(request, form, "intake search")
        return render(request, "cases/case_intake.html", {"form": form})
    form = IntakeForm(posted(request), user=request.user, is_party=party)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = _intake_save(request, data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Melding %(ref)s has been recorded.") % {"ref": case.reference},
            )
            return redirect(case_url(case))
    _audit_holder_list(request, form, "intake")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_intake.html", {"form": form}, status=status)


def _typed(data) -> dict:
    """What was typed into the intake form, as the initial values of a new one."""
    typed = {name: data.get(name) for name in data if name != "csrfmiddlewaretoken"}
    for name in ("immediate_danger", "assign_to_me", "confirm_new_holder"):
        typed[name] = name in data
    return typed


def _audit_holder_list(request, form, where: str) -> None:
    """The form lists the organisation's office holders by name: one event for the
    list (it names how many, not who)."""
    audit_named(
        request.user,
        AuditAction.VIEW,
        object_type="officeholder",
        detail=f"{LIST}: {where}, {form.fields['office_holder'].queryset.count()}",
    )


@feature_required(Feature.CASE_CREATE)
@require_POST
def intake_suggest(request):
    """htmx: the office holder's or the municipality's select, narrowed to what
    matches the search typed so far (POST: a name never goes into a URL)."""
    which = request.POST.get("which")
    if which not in ("holder", "gemeente"):
        return HttpResponseBadRequest()
    form = IntakeForm(user=request.user, is_party=is_party(request.user))
    if which == "holder":
        form.narrow(holder=request.POST.get("holder_q", "")[:100])
        _audit_holder_list(request, form, "intake suggestions")
        field = form["office_holder"]
    else:
        form.narrow(gemeente=request.POST.get("gemeente_q", "")[:100])
        field = form["new_gemeente"]
    return render(request, "cases/_partials/intake_select.html", {"field": field})


def _intake_save(request, data) -> Case:
    """A new office holder (if one was filled in) and the case, in one transaction."""
    with transaction.atomic():
        office_holder = data["office_holder"]
        if office_holder is None:
            office_holder = service.office_holder_create(
                by=request.user,
                name=data["new_name"],
                office=data["new_office"],
                gemeente=data["new_gemeente"],
                email=data["new_email"],
                phone=data["new_phone"],
            )
        return service.case_create(
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
            "emergency_advice": EMERGENCY_ADVICE,
            "police_help": POLICE_HELP,
        },
    )


@feature_required(Feature.HOTLINE)
@require_http_methods(["GET", "POST"])
def hotline_call(request):
    form = HotlineCallForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = service.hotline_call_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Call %(ref)s to the 24/7 line has been saved. "
                    "Complete the intake later."
                )
                % {"ref": case.reference},
            )
            if case.immediate_danger:
                messages.warning(request, str(EMERGENCY_ADVICE))
            return redirect(case_url(case))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cases/hotline_call.html",
        {
            "form": form,
            "hotline_phone": settings.KLANKBORD_HOTLINE_PHONE,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def complete_intake(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.COMPLETE_INTAKE, case)
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
    form = CompleteIntakeForm(
        posted(request), initial=initial, is_party=is_party(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.case_complete_intake(
                case=case, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The intake has been completed."))
            return redirect(case_url(case))
    return case_form_page(
        request,
        case,
        form,
        title=_("Complete the intake"),
        submit=_("Save intake"),
    )
