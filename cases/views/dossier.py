""" "Dossier afdrukken": the whole case as a PDF (WeasyPrint).

Only for who may see the whole case: the advisors of its organisation (the
advisor's record is part of it; an ambassador reads the case page instead, and
prints it with the browser's print stylesheet). Every page is marked
"Vertrouwelijk" with the case's reference, the date and who printed it (running
header and footer, ``@page`` margin boxes), and the print is an event in the access
log. The file is sent as an attachment and never stored by a browser or proxy.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from cases import timeline, workflow
from cases.models import Case, PoliceReport
from cases.permissions import Action
from cases.views.common import require_page, visible_case
from core.audit import audit, audit_reads
from core.constants import AuditAction
from core.roles import primary_role

# Where a read happened, in the access log: the printed case file.
DOSSIER = "dossier"

PDF_CSS = """
@page {
  size: A4;
  margin: 24mm 16mm 22mm;
  @top-left { content: element(mark); }
  @top-right { content: element(reference); }
  @bottom-left { content: element(printed); }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; }
}
.mark { position: running(mark); font-weight: bold; font-size: 10pt;
        color: #a00; letter-spacing: 0.05em; }
.reference { position: running(reference); font-size: 9pt; }
.printed { position: running(printed); font-size: 8pt; color: #333; }
body { font-family: sans-serif; font-size: 10pt; color: #1a1a1a; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin-top: 8mm; break-after: avoid; }
dl { display: grid; grid-template-columns: 45mm auto; gap: 1mm 4mm; }
dt { font-weight: bold; }
dd { margin: 0; }
ol.timeline { list-style: none; padding: 0; }
ol.timeline li { break-inside: avoid; border-left: 2px solid #888;
                 padding: 0 0 3mm 4mm; }
.meta { color: #444; font-size: 8.5pt; }
.text { white-space: pre-wrap; }
"""


def dossier_context(case: Case, user, actions) -> dict:
    """Everything the printed case file shows, and the rows it shows them from."""
    story = timeline.build(case, actions)
    police_report = PoliceReport.objects.filter(case=case).first()
    return {
        "case": case,
        "timeline": story,
        "police_report": police_report,
        "printed_at": timezone.localtime(),
        "printed_by": timeline.person(user.get_full_name(), primary_role(user)),
        "shown": [*story.objects, *([police_report] if police_report else [])],
    }


def dossier_document(case: Case, user, actions):
    """The laid-out document (its pages, for ``write_pdf``) and the rows it shows.

    In the organisation's language, as the reports are: the marks read
    "Vertrouwelijk" whatever language the printer's screens are in."""
    from weasyprint import CSS, HTML

    with translation.override(settings.LANGUAGE_CODE):
        context = dossier_context(case, user, actions)
        html = render_to_string("cases/dossier_pdf.html", context)
    document = HTML(string=html).render(stylesheets=[CSS(string=PDF_CSS)])
    return document, context["shown"]


@login_required
@require_GET
def dossier_pdf(request, pk):
    case = visible_case(request, pk)
    require_page(request, Action.READ_ADVISOR_RECORD, case)
    actions = workflow.allowed_actions(request.user, case)
    document, shown = dossier_document(case, request.user, actions)
    pdf = document.write_pdf()
    audit(request.user, AuditAction.EXPORT, case, f"{DOSSIER} pdf")
    audit_reads(request.user, shown, detail=DOSSIER)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{case.reference}.pdf"'
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
