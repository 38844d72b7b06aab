"""Recording and revoking consent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import constants as c
from cases import permissions
from cases.forms.case import OptionalReasonForm
from cases.forms.consent import ConsentForm
from cases.models import Case, Consent
from cases.permissions import Action
from cases.services import consent as service
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core.permissions import Feature, can_use
from core.web import add_service_errors, posted


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request, pk):
    case = visible_case(request, pk)
    actor = require_page(request, Action.CONSENT_RECORD, case)
    purposes = None
    if actor == c.Actor.AMBASSADOR:
        purposes = permissions.AMBASSADOR_CONSENT_PURPOSES
    elif not can_use(request.user, Feature.HANDOFF):
        # A party hands no case to the association's ambassadors.
        purposes = [p for p in c.ConsentPurpose.values if p != c.ConsentPurpose.HANDOFF]
    form = ConsentForm(
        posted(request),
        purposes=purposes,
        initial={
            "given_by": case.office_holder.name,
            "purpose": request.GET.get("purpose"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.consent_record(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            form.add_error("purpose", _("You may not record this kind of consent."))
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect(case_url(case, "toestemming"))
    return case_form_page(
        request, case, form, title=_("Record consent"), submit=_("Record consent")
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request, pk):
    consent = get_object_or_404(
        Consent.objects.visible_to(request.user).select_related("case"), pk=pk
    )
    case = visible_case(request, consent.case_id)
    actor = require_page(request, Action.CONSENT_REVOKE, case)
    form = OptionalReasonForm(posted(request))
    if actor == c.Actor.AMBASSADOR:
        # The advisor who recorded the consent is told, and reads why.
        reason = form.fields["reason"]
        reason.required = True
        reason.label = _("Reason")
        reason.help_text = _(
            "What the person said. The confidential advisor is told of the "
            "revocation and reads your reason."
        )
        reason.error_messages["required"] = service.AMBASSADOR_REVOKE_REASON_REQUIRED
    if request.method == "POST" and form.is_valid():
        try:
            service.consent_revoke(
                consent=consent, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent has been revoked."))
            if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
                return redirect(case_url(case, "toestemming"))
            return redirect("home")
    return case_form_page(
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
