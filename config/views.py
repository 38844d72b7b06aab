from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.permissions import start_page


@login_required
@require_GET
def home(request):
    """Send each role to its own starting page."""
    url_name = start_page(request.user)
    if url_name is not None:
        return redirect(url_name)
    return render(request, "home.html")


# When the accessibility statement was last reviewed; update it with the statement.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 23)


@require_GET
def accessibility(request):
    return render(
        request,
        "accessibility.html",
        {"statement_date": ACCESSIBILITY_STATEMENT_DATE},
    )
