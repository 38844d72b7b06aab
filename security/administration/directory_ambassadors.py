"""The ambassadors in the directory (/beheren/ambassadeurs/): the list, and the page
on which a functional admin changes an ambassador's regions, phone number and whether
they are active.

Only ``Feature.DIRECTORY_MANAGE`` (functional admins) gets in: everyone else a 403,
also on a direct POST, before a form is read. Both pages show people, so both write
read events (``core.audit.audit_reads``); the change is ``directory_services``'. No
case is ever shown here, only the number of open handoffs. An ambassador is made by
the selection committee's appointment (``ambassadors.services.application_appoint``)
and the role granted through a four-eyes request on the account's page: neither here.
"""

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.audit import LIST, audit_reads
from core.constants import Role
from core.web import add_service_errors, form_page, posted, querystring, valid_filters
from network.models import Ambassador, Unavailability
from security.administration import directory_services as services
from security.administration.directory import directory_page, list_page
from security.administration.directory_forms import (
    AmbassadorFilterForm,
    AmbassadorForm,
)
from security.administration.selectors import pending_requests_about

DETAIL = "detail"


def _ambassadors():
    """Every ambassador with what the pages show: user, organisation, regions, the
    last day of an unavailability that covers today (None: available), and whether
    the account holds the ambassador role."""
    today = timezone.localdate()
    away_until = (
        Unavailability.objects.filter(
            ambassador=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today
        )
        .order_by("-ends_on")
        .values("ends_on")[:1]
    )
    holds_role = Group.objects.filter(name=Role.AMBASSADOR, user=OuterRef("user_id"))
    return (
        Ambassador.objects.select_related("user", "organisation")
        .prefetch_related("regions")
        .annotate(away_until=Subquery(away_until), holds_role=Exists(holds_role))
    )


def _filtered(filters: dict):
    rows = _ambassadors()
    text = filters.get("q")
    if text:
        rows = rows.annotate(
            full_name=Concat("user__first_name", Value(" "), "user__last_name")
        ).filter(Q(full_name__icontains=text) | Q(user__username__icontains=text))
    if filters.get("region"):
        rows = rows.filter(regions=filters["region"])
    if filters.get("active") == "yes":
        rows = rows.filter(is_active=True)
    elif filters.get("active") == "no":
        rows = rows.filter(is_active=False)
    return rows.order_by("-is_active", "user__first_name", "user__last_name", "pk")


@directory_page
@require_GET
def ambassador_list(request):
    form = AmbassadorFilterForm(request.GET or None)
    page = list_page(request, _filtered(valid_filters(form)))
    rows = list(page.object_list)
    audit_reads(request.user, rows, LIST)
    return render(
        request,
        "administration/directory/ambassador_list.html",
        {
            "form": form,
            "page_obj": page,
            "ambassadors": rows,
            "querystring": querystring(request),
        },
    )


@directory_page
@require_http_methods(["GET", "POST"])
def ambassador_edit(request, pk):
    ambassador = get_object_or_404(_ambassadors(), pk=pk)
    form = AmbassadorForm(posted(request), ambassador=ambassador)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.ambassador_update(
                ambassador=ambassador, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed:
                messages.success(
                    request,
                    _("The changes to %(name)s have been saved.")
                    % {"name": ambassador},
                )
            return redirect("directory:ambassador_list")
    audit_reads(request.user, [ambassador], DETAIL)
    return form_page(
        request,
        "administration/directory/ambassador_form.html",
        {
            "form": form,
            "ambassador": ambassador,
            "open_handoffs": services.ambassador_open_handoffs(ambassador),
            "role_pending": pending_requests_about(ambassador.user)
            .filter(role=Role.AMBASSADOR)
            .exists(),
        },
    )
