"""Files on a case (evidence): the upload, the download and the thumbnail. Every
file leaves the private storage only here, after the case's permission check, and
each time as an access-log event."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases import permissions
from cases.forms.files import CaseFileForm
from cases.models import CaseFile
from cases.permissions import Action
from cases.services import files as service
from cases.views.common import case_form_page, case_url, require_page, visible_case
from core import crypto
from core.audit import audit
from core.constants import AuditAction
from core.web import add_service_errors, body_too_large, posted

logger = logging.getLogger(__name__)


@login_required
@require_http_methods(["GET", "POST"])
def file_add(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.FILE_ADD, case)
    if request.method == "POST" and body_too_large(
        request, settings.KLANKBORD_ATTACHMENT_MAX_BYTES
    ):
        # Refused before Django reads (and spools) the body.
        messages.error(request, service.too_large().messages[0])
        return _form_page(request, case, CaseFileForm())
    form = CaseFileForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.file_add(
                case=case,
                by=request.user,
                upload=form.cleaned_data["upload"],
                description=form.cleaned_data["description"],
                shown_on=form.cleaned_data["shown_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file has been added."))
            return redirect(case_url(case, "bestanden"))
    return _form_page(request, case, form)


def _form_page(request, case, form):
    return case_form_page(
        request,
        case,
        form,
        title=_("Add a file"),
        submit=_("Add file"),
        template="cases/case_file_add.html",
    )


def readable_file(request, pk) -> CaseFile:
    """The file ``pk`` if the user may read its case now (the case's advisors and
    the ambassador who accepted it); a 404 for everyone else, the ambassador still
    deciding on the offer included."""
    case_file = get_object_or_404(
        CaseFile.objects.visible_to(request.user).select_related("case"), pk=pk
    )
    if not permissions.Standing.of(request.user, case_file.case).permits(
        Action.READ_CASE
    ):
        raise Http404
    return case_file


def _private_headers(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Opened in a tab after all, it may run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def file_download(request, pk):
    case_file = readable_file(request, pk)
    chunks = service.open_plain(case_file)
    try:
        # The first chunk is opened before the answer starts: a missing or
        # unreadable file is a 404, not half a download.
        first = next(chunks)
    except FileNotFoundError as error:
        raise Http404 from error
    except crypto.DecryptionError as error:
        logger.error("Case file %s does not decrypt.", case_file.pk)
        raise Http404 from error

    def body():
        yield first
        yield from chunks

    response = StreamingHttpResponse(body(), content_type=case_file.content_type)
    response["Content-Length"] = str(case_file.size)
    audit(request.user, AuditAction.EXPORT, case_file, "download")
    return _private_headers(response, case_file.name)


@login_required
@require_GET
def file_thumbnail(request, pk):
    case_file = readable_file(request, pk)
    if not case_file.thumbnail:
        raise Http404
    try:
        data = service.thumbnail_bytes(case_file)
    except (FileNotFoundError, crypto.DecryptionError) as error:
        raise Http404 from error
    audit(request.user, AuditAction.VIEW, case_file, "thumbnail")
    response = HttpResponse(data, content_type="image/jpeg")
    return _private_headers(response, f"thumbnail-{case_file.pk}.jpg")
