"""The expert network's partners in the admin: directory data, not case content.

Case content is never reachable through the admin (a privacy rule): Case, Note,
Consent, Referral, Handoff, CaseHistory, OfficeHolder, PoliceReport, Damage and
AdvisorAction are deliberately not registered, and neither are guardian's per-case
grants. Cases are read and changed only through the application's views, which check
visibility and write the audit trail. (Organisations, memberships and user accounts:
``core.admin``.)
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    """The expert network: directory data, maintained by functional admins. A partner
    with referrals stays for the record (PROTECT): make them inactive instead."""

    list_display = [
        "name",
        "kind",
        "organisation",
        "region_list",
        "availability",
        "is_active",
        "updated_at",
    ]
    list_filter = ["kind", "availability", "is_active", "organisation", "regions"]
    list_select_related = ["organisation"]
    search_fields = ["name", "expertise"]
    filter_horizontal = ["regions"]
    fields = [
        "organisation",
        "name",
        "kind",
        "expertise",
        "regions",
        "availability",
        "availability_note",
        "phone",
        "email",
        "is_active",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description=_("regions"))
    def region_list(self, obj):
        return ", ".join(region.name for region in obj.regions.all()) or _("nationwide")

    def has_delete_permission(self, request, obj=None):
        # The refusal page would list the referrals (and so cases) by reference.
        if obj is not None and obj.referrals.exists():
            return False
        return super().has_delete_permission(request, obj)
