"""Helpers every app's views use: role-only pages, the submitted data, form pages,
query strings, a service's errors on a form and the size check on uploads."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from core.permissions import Feature, require_feature


def feature_required(feature: Feature):
    """Pages of one part of Klankbord, open to the roles ``core.permissions`` gives
    ``feature`` (403 for everyone else). They show no case a user may not see anyway;
    the check keeps the page itself (and its filters) to the people it is for."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            require_feature(request.user, feature)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: on the field it names when
    the form has that field, otherwise on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def flash_errors(request, error: ValidationError) -> None:
    """A refused service call on a page without a form: each message as an error."""
    for message in error.messages:
        messages.error(request, message)


def posted(request):
    """The submitted data, or None on GET. (An empty POST is still a submission, so
    ``request.POST or None`` would wrongly show an unbound form without errors.)"""
    return request.POST if request.method == "POST" else None


def valid_filters(form) -> dict:
    """The valid fields of a list's filter form (a field with an error is left out,
    so one bad value does not empty the list); ``{}`` for an unbound form."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if k not in form.errors}


def querystring(request, drop=("page",)) -> str:
    """The request's query string without ``drop`` (for pagination links)."""
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def form_page(request, template: str, context: dict):
    """A form page: 200 on GET, 400 when a submitted form comes back with errors."""
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


def body_too_large(request, limit: int) -> bool:
    """Refuse an oversized upload before Django parses it (and spools it to disk):
    True when the request body is larger than ``limit`` bytes plus room for the
    other form fields, or when its length is not a number."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > limit + 64 * 1024  # room for the other form fields
