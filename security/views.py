"""Two-factor pages: set up or replace an authenticator app, and enter a code after
the password.

A password-only session reaches nothing but these pages and logout
(``config.middleware.RequireTwoFactorMiddleware``). Wrong codes count as failed logins
for django-axes, per username and per (username, address), so the 2FA step is locked
out too.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device

from security import otp
from security.forms import ReplaceForm, SetupForm, TokenForm


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _credentials(request) -> dict:
    return {"username": request.user.get_username()}


def _locked_out(request):
    """End the half-signed-in session and show the lockout page."""
    credentials = _credentials(request)
    logout(request)
    return get_lockout_response(request, None, credentials)


def _failed(request) -> None:
    user_login_failed.send(
        sender=__name__, credentials=_credentials(request), request=request
    )


def _verified(request, device) -> None:
    otp_login(request, device)
    # A higher privilege level gets a new session id, like the password login did.
    request.session.cycle_key()


@sensitive_post_parameters("otp_token")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(request.user):
        return redirect("security:two_factor_setup")
    if not AxesProxyHandler.is_allowed(request, _credentials(request)):
        return _locked_out(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify(request.user, form.cleaned_data["otp_token"])
        if device is not None:
            _verified(request, device)
            return redirect(_next_url(request))
        _failed(request)
        if not AxesProxyHandler.is_allowed(request, _credentials(request)):
            return _locked_out(request)
        form.add_error("otp_token", _("This code is not valid (any more)."))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "security/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@sensitive_post_parameters("otp_token", "current_token", "password")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """First login: link an authenticator app. With an app already linked: replace it
    (``_replace``). Shows the new recovery codes once."""
    if user_has_device(request.user):
        # A password-only session must pass the current app first; and even then
        # replacing asks for the password and a current code again.
        if not request.user.is_verified():
            return redirect("security:two_factor_verify")
        return _replace(request)
    if not AxesProxyHandler.is_allowed(request, _credentials(request)):
        return _locked_out(request)
    device = otp.pending_totp_device(request.user, request.session)
    form = SetupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if otp.verify_pending(device, form.cleaned_data["otp_token"]):
            codes = otp.confirm_totp_device(device)
            device.refresh_from_db()
            _verified(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return _recovery_codes(request, codes)
        _failed(request)
        if not AxesProxyHandler.is_allowed(request, _credentials(request)):
            return _locked_out(request)
        form.add_error("otp_token", _("This code is not valid. Try the next one."))
    return _setup_page(request, "security/two_factor_setup.html", form, device)


def _replace(request):
    """Replace the user's own app (a new phone; or someone took over the session).

    Needs the password and a code of the current app (or a recovery code) besides the
    first code of the new app; wrong passwords and wrong current codes count towards
    the lockout. Checked in that order, and the current code last, so a right code is
    used up only when everything else was right. Then: the other sessions of the user
    end, this one gets a new key, the user gets an e-mail, and the access log has it
    (``otp.second_factor_replaced``)."""
    user = request.user
    if not AxesProxyHandler.is_allowed(request, _credentials(request)):
        return _locked_out(request)
    device = otp.pending_totp_device(user, request.session)
    form = ReplaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not user.check_password(data["password"]):
            _failed(request)
            form.add_error("password", _("This password is not correct."))
        elif not otp.verify_pending(device, data["otp_token"]):
            form.add_error("otp_token", _("This code is not valid. Try the next one."))
        elif otp.verify(user, data["current_token"]) is None:
            _failed(request)
            form.add_error(
                "current_token",
                _(
                    "This code of your current app is not valid (any more). Wait for "
                    "the next one, or use one of your recovery codes."
                ),
            )
        else:
            with transaction.atomic():
                codes = otp.confirm_totp_device(device)
                device.refresh_from_db()
                _verified(request, device)
                otp.second_factor_replaced(
                    user=user, keep_session_key=request.session.session_key
                )
            messages.success(
                request,
                _(
                    "Your authenticator app has been replaced. Your other sessions "
                    "have ended, and you will receive an e-mail about this."
                ),
            )
            return _recovery_codes(request, codes)
        if not AxesProxyHandler.is_allowed(request, _credentials(request)):
            return _locked_out(request)
    return _setup_page(request, "security/two_factor_replace.html", form, device)


def _setup_page(request, template: str, form, device):
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {
            "form": form,
            "qr_svg": otp.qr_svg(device),
            "secret": otp.secret_for_typing(device),
            "next": _next_url(request),
        },
        status=status,
    )


def _recovery_codes(request, codes: list[str]):
    request.session.pop(otp.PENDING_SESSION_KEY, None)
    # Rendered, not redirected: the codes exist nowhere else in plain text.
    return render(
        request,
        "security/recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )
