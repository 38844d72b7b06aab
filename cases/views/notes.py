"""Case notes and contact log entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import constants as c
from cases.forms.notes import NoteForm
from cases.permissions import Action
from cases.services import notes as service
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core.web import add_service_errors, posted


@login_required
@require_http_methods(["GET", "POST"])
def note_add(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.NOTE_ADD, case)
    # Without ?kind= the form's own initial (a note) stands; None would check nothing.
    kind = request.GET.get("kind") or c.NoteKind.NOTE
    form = NoteForm(posted(request), initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            service.note_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect(case_url(case, "notities"))
    # The page says what the link that opened it said.
    title = _("Record what was done") if kind == c.NoteKind.CONTACT else _("Add a note")
    return case_form_page(request, case, form, title=title, submit=_("Save note"))
