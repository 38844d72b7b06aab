from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class NoStoreForAuthenticatedMiddleware:
    """Pages behind a login carry personal data: no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        return response


class ChosenLanguageMiddleware:
    """Dutch unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so a
    Dutch advisor on an English laptop would get English without asking for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        languages = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SessionLifetimeMiddleware:
    """End a signed-in session after the idle timeout or the absolute lifetime.

    ``logout`` flushes the session row on the server, so the old cookie is worthless."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login

        from security import session_clock

        if request.user.is_authenticated:
            if session_clock.expired(request.session):
                logout(request)
                return redirect_to_login(request.get_full_path())
            session_clock.touch(request.session)
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """A signed-in user who has not passed the second factor reaches only the 2FA pages,
    logout, the language switch and static pages. Everything else sends them to set up
    2FA (no confirmed device yet) or to enter a code."""

    ALLOWED = frozenset(
        {
            "security:two_factor_setup",
            "security:two_factor_verify",
            "logout",
            "set_language",
            "accessibility",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode
        from django_otp import user_has_device

        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.ALLOWED:
            return None
        name = (
            "security:two_factor_verify"
            if user_has_device(user)
            else "security:two_factor_setup"
        )
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
