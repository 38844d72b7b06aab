"""The access log for the privacy officer: filter, page, export as CSV.

Reads ``core.AuditEvent`` (append-only, a PostgreSQL trigger refuses UPDATE and
DELETE). It holds who, role, action, object and when, never content. The privacy
officer sees the events of their own organisation only (``core.audit``); reading the
log and exporting it are themselves logged, with the filters used as the reason. The
export goes through ``core.exports`` (no cell a spreadsheet would run)."""

import re
from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.audit import audit_named, events_visible_to
from core.constants import AuditAction, Role
from core.exports import CSV_CONTENT_TYPE, csv_stream
from core.permissions import Feature, require_feature

PAGE_SIZE = 50
_REFERENCE = re.compile(r"^\s*(?:M-)?0*(\d{1,12})\s*$", re.IGNORECASE)


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", "—"), *Role.choices]
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", "—"), *AuditAction.choices]
    )
    case = forms.CharField(
        label=_("Case"),
        required=False,
        max_length=20,
        help_text=_("Reference, e.g. M-000123"),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_user(self):
        value = self.cleaned_data["user"]
        if "\x00" in value:
            raise forms.ValidationError(
                _("The text contains a character that is not allowed.")
            )
        return value.strip()

    def clean_case(self):
        value = self.cleaned_data["case"]
        if not value:
            return None
        match = _REFERENCE.match(value)
        if match is None:
            raise forms.ValidationError(_("Enter a reference such as M-000123."))
        return int(match.group(1))


def _filtered(user, filters: dict):
    events = events_visible_to(user)
    if filters.get("user"):
        events = events.filter(actor_username__icontains=filters["user"])
    if filters.get("role"):
        events = events.filter(actor_role=filters["role"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("case") is not None:
        events = events.filter(case_id=filters["case"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        events = events.filter(
            at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=tz)
        )
    if filters.get("date_to"):
        events = events.filter(
            at__lte=datetime.combine(filters["date_to"], time.max, tzinfo=tz)
        )
    return events.order_by("-at", "-pk")


def _filters(request) -> tuple[AccessLogFilterForm, dict]:
    form = AccessLogFilterForm(request.GET or None)
    if not form.is_bound:
        return form, {}
    if form.is_valid():
        return form, form.cleaned_data
    return form, {k: v for k, v in form.cleaned_data.items() if k not in form.errors}


def _privacy_officer_only(request) -> None:
    require_feature(request.user, Feature.ACCESS_LOG)


def _reason(filters: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in sorted(filters.items()) if v)


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def access_log(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    _privacy_officer_only(request)
    form, filters = _filters(request)
    # Logged first, so the page counts and lists what it is itself. No NUL in the
    # detail: PostgreSQL refuses it in text (``?page=%00`` was a 500).
    page_param = request.GET.get("page", "1")[:10].replace("\x00", "")
    audit_named(
        request.user,
        AuditAction.VIEW,
        object_type="accesslog",
        detail=f"page={page_param}; {_reason(filters)}",
    )
    page = Paginator(_filtered(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "security/access_log.html",
        {
            "form": form,
            "page_obj": page,
            "events": page.object_list,
            "querystring": _querystring(request),
        },
    )


@require_GET
def access_log_export(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    _privacy_officer_only(request)
    _form, filters = _filters(request)
    events = _filtered(request.user, filters)
    audit_named(
        request.user,
        AuditAction.EXPORT,
        object_type="accesslog",
        detail=_reason(filters),
    )
    header = [
        _("Moment"),
        _("User name"),
        _("Role"),
        _("Action"),
        _("Object type"),
        _("Object number"),
        _("Case"),
        _("Detail"),
    ]
    # Translated now: the rows are written while the response streams.
    header = [str(name) for name in header]
    roles = {value: str(label) for value, label in Role.choices}
    actions = {value: str(label) for value, label in AuditAction.choices}
    rows = (
        (
            event.at,
            event.actor_username,
            roles.get(event.actor_role, event.actor_role),
            actions.get(event.action, event.action),
            event.object_type,
            event.object_id,
            f"M-{event.case_id:06d}" if event.case_id else "",
            event.detail,
        )
        for event in events.iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(
        csv_stream(header, rows), content_type=CSV_CONTENT_TYPE
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{stamp}.csv"'
    return response
