"""The inbox (a user's own notifications and follow-ups), the e-mail setting, and
planning a follow-up on a case.

Every notification is read through ``Notification.objects.visible_to(user)``: the
user's own, so another user's is a 404. A notification links to its case only while
the user may still see the case (an ambassador whose handoff ended sees the reference
and no link)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.forms.followups import EmailSettingForm, FollowUpForm
from cases.models import Case, FollowUp, Notification
from cases.permissions import Action
from cases.services import followups, notifications
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core.audit import LIST, audit_reads
from core.web import add_service_errors, form_page, posted, querystring


@login_required
@require_http_methods(["GET"])
def inbox(request):
    rows = Notification.objects.visible_to(request.user).select_related("case")
    page = Paginator(rows, settings.KLANKBORD_QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = list(page.object_list)
    visible = set(
        Case.objects.visible_to(request.user)
        .filter(pk__in={item.case_id for item in items})
        .values_list("pk", flat=True)
    )
    for item in items:
        item.text = notifications.message(item)
        item.case_visible = item.case_id in visible
    follow_ups = list(followups.open_follow_ups_of(request.user))
    # The page names the cases' references: one read event per case shown.
    shown = {item.case for item in items} | {f.case for f in follow_ups}
    audit_reads(request.user, sorted(shown, key=lambda case: case.pk), detail=LIST)
    return render(
        request,
        "cases/inbox.html",
        {
            "page_obj": page,
            "notifications": items,
            "unread": notifications.unread_count(request.user),
            "follow_ups": follow_ups,
            "now": timezone.now(),
            "querystring": querystring(request),
        },
    )


@login_required
@require_http_methods(["GET"])
def inbox_count(request):
    """The header's unread count (fetched by htmx after the page loaded): one count
    on a partial index."""
    return render(
        request,
        "cases/_partials/inbox_count.html",
        {"unread": notifications.unread_count(request.user)},
    )


@login_required
@require_POST
def notification_read(request, pk):
    if not Notification.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    notifications.mark_read(user=request.user, notification_id=pk)
    return redirect("cases:inbox")


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("cases:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def email_setting(request):
    form = EmailSettingForm(
        posted(request),
        initial={"email": notifications.email_choice(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notifications.email_setting_save(
                user=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your choice has been saved."))
            return redirect("cases:inbox")
    return form_page(request, "cases/inbox_settings.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_add(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.NOTE_ADD, case)
    form = FollowUpForm(
        posted(request),
        owners=followups.possible_owners(case),
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            followups.follow_up_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been planned."))
            return redirect(case_url(case, "opvolging"))
    return case_form_page(
        request, case, form, title=_("Plan a follow-up"), submit=_("Plan")
    )


@login_required
@require_POST
def follow_up_done(request, pk):
    follow_up = get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related("case"), pk=pk
    )
    require_page(request, Action.NOTE_ADD, follow_up.case)
    try:
        followups.follow_up_done(follow_up=follow_up, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The follow-up is done."))
    if request.POST.get("next") == "inbox":
        return redirect(reverse("cases:inbox"))
    return redirect(case_url(follow_up.case, "opvolging"))
