"""AVG (GDPR) art. 15: everything recorded about one office holder, for that person.

A confidential advisor of the office holder's organisation downloads it as JSON. Other
people are redacted (art. 15(4)): staff and ambassadors appear by role only, the names
of other office holders and of users are replaced in free text, and consent given by
someone else shows as a third party. Recipients (ambassadors' roles, referral partners,
disclosures) stay, as art. 15(1)(c) requires. Every case exported is audited."""

import json
import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cases.models import Case, CaseFile, OfficeHolder, SubjectAccessExport
from cases.services import files as case_files
from core.audit import FORM, audit, audit_reads
from core.constants import AuditAction
from core.models import AuditEvent
from core.permissions import Feature, require_feature
from core.roles import organisation_id_of

THIRD_PARTY = "[derde]"
STAFF = "[medewerker]"


class SubjectAccessForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Request"),
        max_length=150,
        help_text=gettext_lazy(
            "Which request is this export for, e.g. “inzageverzoek per e-mail van 3 "
            "maart”. It is kept with the export, encrypted; the access log refers "
            "to it."
        ),
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if "\x00" in value:
            raise forms.ValidationError(
                _("The text contains a character that is not allowed.")
            )
        return value


class Redactor:
    """Replaces the names of people other than the data subject in free text."""

    def __init__(self, holder: OfficeHolder):
        names = set()
        for user in get_user_model().objects.only(
            "username", "first_name", "last_name"
        ):
            names.update(
                n
                for n in (user.username, user.get_full_name(), user.last_name)
                if n and len(n) >= 3
            )
        others = OfficeHolder.objects.filter(organisation_id=holder.organisation_id)
        for other in others.exclude(pk=holder.pk).only("name"):
            names.add(other.name)
        names.discard(holder.name)
        self._pattern = (
            re.compile(
                "|".join(
                    rf"\b{re.escape(n)}\b" for n in sorted(names, key=len, reverse=True)
                ),
                re.IGNORECASE,
            )
            if names
            else None
        )

    def text(self, value: str) -> str:
        if not value or self._pattern is None:
            return value or ""
        return self._pattern.sub(THIRD_PARTY, value)


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def subject_access_export(holder: OfficeHolder) -> dict:
    redact = Redactor(holder)
    cases = (
        Case.objects.filter(office_holder=holder)
        .prefetch_related(
            "notes",
            "consents",
            "referrals",
            "handoffs",
            "history",
            "confidentiality_breaks",
            "files",
            "reopen_requests",
        )
        .order_by("reported_at")
    )
    export = {
        "export": {
            "kind": "AVG art. 15",
            "created_at": _when(timezone.now()),
            "note": "Names of other people are replaced by [derde] or [medewerker].",
        },
        "person": {
            "name": holder.name,
            "office": holder.get_office_display(),
            "municipality": holder.gemeente.name,
            "email": holder.email,
            "phone": holder.phone,
            "recorded_at": _when(holder.created_at),
        },
        "cases": [],
    }
    for case in cases:
        events = AuditEvent.objects.filter(case_id=case.pk).order_by("at")
        export["cases"].append(
            {
                "reference": case.reference,
                "received_via": case.get_channel_display(),
                "category": case.get_category_display(),
                "date_of_incident": case.occurred_on.isoformat(),
                "reported_at": _when(case.reported_at),
                "status": case.get_status_display(),
                "closed_at": _when(case.closed_at),
                "account": redact.text(case.account),
                "outcome": redact.text(case.outcome),
                "notes": [
                    {
                        "kind": n.get_kind_display(),
                        "contact_by": n.get_contact_mode_display()
                        if n.contact_mode
                        else "",
                        "at": _when(n.contact_at or n.created_at),
                        "text": redact.text(n.text),
                        "by": STAFF,
                    }
                    for n in case.notes.all()
                ],
                "consents": [
                    {
                        "purpose": k.get_purpose_display(),
                        "kind_of_partner": k.get_referral_kind_display()
                        if k.referral_kind
                        else "",
                        "given_by": k.given_by
                        if k.given_by.strip().lower() == holder.name.strip().lower()
                        else THIRD_PARTY,
                        "how": k.get_method_display(),
                        "given_at": _when(k.given_at),
                        "revoked_at": _when(k.revoked_at),
                        "reason_for_revoking": redact.text(k.revoke_reason),
                    }
                    for k in case.consents.all()
                ],
                "referrals": [
                    {
                        "kind": r.get_kind_display(),
                        "partner": r.partner,
                        "details": redact.text(r.details),
                        "status": r.get_status_display(),
                        "at": _when(r.created_at),
                    }
                    for r in case.referrals.all()
                ],
                "handoffs": [
                    {
                        "to": _("Regional ambassador"),
                        "status": h.get_status_display(),
                        "offered_at": _when(h.offered_at),
                        "answered_at": _when(h.responded_at),
                        "ended_at": _when(h.ended_at),
                    }
                    for h in case.handoffs.all()
                ],
                "status_history": [
                    {
                        "at": _when(row.at),
                        "from": row.get_from_status_display()
                        if row.from_status
                        else "",
                        "to": row.get_to_status_display(),
                        "reason": redact.text(row.reason),
                    }
                    for row in case.history.all()
                ],
                "confidentiality_breaks": [
                    {
                        "ground": b.get_ground_display(),
                        "legal_basis": b.get_legal_basis_display(),
                        "disclosed_to": redact.text(b.disclosed_to),
                        "reason": redact.text(b.reason),
                        "status": b.get_status_display(),
                        "requested_at": _when(b.requested_at),
                        "decided_at": _when(b.decided_at),
                    }
                    for b in case.confidentiality_breaks.all()
                ],
                # The manifest of the files in the ZIP (the files are the
                # person's evidence and go with the export as they are).
                "files": [
                    {
                        "file": case_files.archive_name(f),
                        "kind": f.get_kind_display(),
                        "size_in_bytes": f.size,
                        "description": redact.text(f.description),
                        "date_of_what_it_shows": f.shown_on.isoformat()
                        if f.shown_on
                        else None,
                        "added_at": _when(f.added_at),
                        "added_by": STAFF,
                    }
                    for f in case.files.all()
                ],
                # An ambassador's request to reopen the case, and its answer.
                "reopen_requests": [
                    {
                        "requested_at": _when(r.requested_at),
                        "reason": redact.text(r.reason),
                        "status": r.get_status_display(),
                        "decided_at": _when(r.decided_at),
                        "by": STAFF,
                    }
                    for r in case.reopen_requests.all()
                ],
                "accessed_by": [
                    {
                        "at": _when(e.at),
                        "role": e.actor_role or STAFF,
                        "action": e.get_action_display(),
                    }
                    for e in events
                ],
            }
        )
    return export


@login_required
@require_http_methods(["GET", "POST"])
def subject_access(request, pk):
    require_feature(request.user, Feature.SUBJECT_ACCESS)
    holder = get_object_or_404(
        OfficeHolder.objects.select_related("gemeente").filter(
            organisation_id=organisation_id_of(request.user)
        ),
        pk=pk,
    )
    form = SubjectAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = subject_access_export(holder)
        # The request may name the person or how they asked: it goes into the
        # export's encrypted record, and the access log refers to that record.
        record = SubjectAccessExport.objects.create(
            office_holder=holder, by=request.user, reason=form.cleaned_data["reason"]
        )
        detail = f"AVG art. 15 (#{record.pk})"
        for case in Case.objects.filter(office_holder=holder):
            audit(request.user, AuditAction.EXPORT, case, detail)
        audit(request.user, AuditAction.EXPORT, holder, detail)
        files = list(
            CaseFile.objects.filter(case__office_holder=holder)
            .select_related("case")
            .order_by("case__reported_at", "pk")
        )
        if files:
            return _zip_response(request, holder, data, files, detail)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="inzage-{holder.pk}-{stamp}.json"'
        )
        return response
    audit_reads(request.user, [holder], detail=FORM)  # the form names the person
    return render(
        request,
        "security/subject_access.html",
        {"holder": holder, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _zip_response(request, holder, data, files, detail):
    """With files on the person's cases, the export is a ZIP: ``inzage.json`` (whose
    cases list the files: the manifest) and the files, each an export in the log."""
    for case_file in files:
        audit(request.user, AuditAction.EXPORT, case_file, detail)
    manifest = json.dumps(data, ensure_ascii=False, indent=2).encode()
    response = StreamingHttpResponse(
        case_files.zip_stream(manifest, files), content_type="application/zip"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{holder.pk}-{stamp}.zip"'
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
