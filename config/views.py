from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.permissions import home_summary, start_page
from core.roles import organisation_id_of
from network.selectors import coverage
from outreach.selectors import dashboard
from security.approvals import pending_requests
from signals.constants import ReportStatus
from signals.models import StatisticsRelease


@login_required
@require_GET
def home(request):
    """Send each role to its own work: a page of its own, or a summary here."""
    url_name = start_page(request.user)
    if url_name is not None:
        return redirect(url_name)
    summary = home_summary(request.user)
    if summary == "staff":
        return render(request, "home_staff.html", _staff_summary(request.user))
    if summary == "admin":
        return render(request, "home_admin.html", _admin_summary())
    return render(request, "home.html")


def _staff_summary(user) -> dict:
    """The association staff's start: the network's coverage, the OT on Tour
    campaign and the latest statistics release (its number and date, never a
    figure about persons)."""

    organisation_id = organisation_id_of(user)
    network = coverage(organisation_id=organisation_id)
    ambassadors = set()
    for row in network.regions:
        ambassadors.update(
            a.pk for a in row.ambassadors.available + row.ambassadors.unavailable
        )
    release = (
        StatisticsRelease.objects.filter(
            organisation_id=organisation_id, status=ReportStatus.DONE
        )
        .only("number", "finished_at", "created_at")
        .order_by("-number")
        .first()
        if organisation_id is not None
        else None
    )
    return {
        "regions": len(network.regions),
        "uncovered": len(network.uncovered),
        "ambassadors": len(ambassadors),
        "campaign": dashboard(),
        "release": release,
    }


def _admin_summary() -> dict:
    """The functional admin's start: requests awaiting a second person, and the way
    to the accounts."""
    pending = list(pending_requests()[:10])
    return {"pending": pending, "pending_count": pending_requests().count()}


# When the accessibility statement was last reviewed; update it with the statement.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 23)


@require_GET
def accessibility(request):
    return render(
        request,
        "accessibility.html",
        {"statement_date": ACCESSIBILITY_STATEMENT_DATE},
    )
