"""What every case page shares: the visible case (a case the user may not see is a
404), the page's permission check (403), and the page layout of a case action."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from cases import permissions
from cases.models import Case
from cases.permissions import Action
from core.audit import FORM, audit_reads
from core.constants import OrganisationKind
from core.models import Organisation
from core.roles import organisation_id_of
from core.web import form_page


def visible_case(request, pk) -> Case:
    """The case ``pk`` if the user may see it; otherwise a 404 that does not tell
    whether it exists."""
    return get_object_or_404(Case.objects.visible_to(request.user).for_page(), pk=pk)


def require_page(request, action: Action, case: Case) -> str:
    """403 unless the user may open the page of ``action`` on ``case`` (the rule of
    ``cases.permissions``); returns the capacity they act in. Whether the case's
    state allows the action *now* is the service's answer on submit."""
    # The acceptance too, not the capacity alone: every case page shows the case
    # (its header names the person), which an offered ambassador may not read yet.
    standing = permissions.Standing.of(request.user, case)
    if not standing.permits(action):
        raise PermissionDenied
    return standing.actor


def case_url(case, anchor=""):
    url = reverse("cases:detail", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def case_form_page(
    request, case, form, *, title, submit, template="cases/case_action.html", extra=None
):
    """A form about one case, under the case's header (which names the office
    holder: the page is a read of the case, and logged as one). The header names the
    person only for who may read the case (not an ambassador still deciding on the
    offer)."""
    audit_reads(request.user, [case], detail=FORM)
    context = {
        "case": case,
        "form": form,
        "title": title,
        "submit": submit,
        "offer_only": not permissions.Standing.of(request.user, case).permits(
            Action.READ_CASE
        ),
    }
    context.update(extra or {})
    return form_page(request, template, context)


def is_party(user) -> bool:
    """Whether the user works for a party (its intake asks the scope question)."""
    return Organisation.objects.filter(
        pk=organisation_id_of(user), kind=OrganisationKind.PARTY
    ).exists()
