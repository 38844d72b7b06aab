from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.constants import Role
from core.roles import roles_of


@login_required
@require_GET
def home(request):
    """Send each role to its own starting page."""
    roles = roles_of(request.user)
    if Role.ADVISOR in roles:
        return redirect("cases:queue")
    if Role.AMBASSADOR in roles:
        return redirect("cases:ambassador_list")
    if Role.PRIVACY_OFFICER in roles:
        return redirect("security:access_log")
    return render(request, "home.html", {"roles": roles})


# When the accessibility statement was last reviewed; update it with the statement.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 23)


@require_GET
def accessibility(request):
    return render(
        request,
        "accessibility.html",
        {"statement_date": ACCESSIBILITY_STATEMENT_DATE},
    )
