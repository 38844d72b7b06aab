"""/gezond/ (liveness) and /gereed/ (readiness), for the proxy, compose and monitoring.

``HealthMiddleware`` answers them first in the chain, before the host check, the SSL
redirect, sessions, login and 2FA: a probe from inside the container (plain HTTP to
127.0.0.1) gets its answer, and no session, cookie or access-log event is made. The
URLs are in config/urls.py too, so they have names (and a policy in the matrix).
Bodies are JSON: the name of each check and whether it passed, nothing else.
"""

from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import resolve, reverse

from core import health

HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def _answer(request, body: dict, status: int = 200):
    if request.method not in ("GET", "HEAD"):
        response = HttpResponseNotAllowed(["GET", "HEAD"])
    else:
        response = JsonResponse(body, status=status, headers=HEADERS)
    # The request log has its line (WARNING when a probe fails); Django's
    # "Service Unavailable: /gereed/" at ERROR on every probe would be noise.
    response._has_been_logged = True
    return response


def live(request):
    """The process answers. No database, no Redis."""
    return _answer(request, {"status": "ok"})


def ready(request):
    """200 when every dependency is there, else 503 naming the failing checks."""
    if request.method not in ("GET", "HEAD"):
        return _answer(request, {})
    checks = health.readiness()
    failing = [name for name, passed in checks.items() if not passed]
    body = {
        "status": "unavailable" if failing else "ok",
        "checks": checks,
        "failing": failing,
    }
    return _answer(request, body, status=503 if failing else 200)


class HealthMiddleware:
    """Answer the two health URLs before any other middleware (put it first but
    the request log)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.views = None

    def __call__(self, request):
        if self.views is None:
            self.views = {reverse("health_live"): live, reverse("health_ready"): ready}
        view = self.views.get(request.path_info)
        if view is None:
            return self.get_response(request)
        request.resolver_match = resolve(request.path_info)
        return view(request)
