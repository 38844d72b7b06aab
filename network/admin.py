"""Ambassadors in the admin: who covers which regions. Never their cases."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.constants import Role
from network.models import Ambassador


@admin.register(Ambassador)
class AmbassadorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "organisation", "region_list", "is_active"]
    list_filter = ["is_active", "organisation", "regions"]
    list_select_related = ["user", "organisation"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
    ]
    fields = [
        "user",
        "organisation",
        "regions",
        "is_active",
        "phone",
        "in_ambassador_group",
    ]
    readonly_fields = ["in_ambassador_group"]
    filter_horizontal = ["regions"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description=_("regions"))
    def region_list(self, obj):
        return ", ".join(region.name for region in obj.regions.all())

    @admin.display(description=Role.AMBASSADOR.label, boolean=True)
    def in_ambassador_group(self, obj):
        # Cases can be handed only to users in the ambassador group; show a missing
        # group here rather than let the advisor find out at the handoff.
        if obj.pk is None:
            return None
        return obj.user.groups.filter(name=Role.AMBASSADOR).exists()

    def has_delete_permission(self, request, obj=None):
        # An ambassador with handoffs stays for the record (PROTECT); deactivate them.
        # The refusal page would otherwise list those handoffs by case reference.
        if obj is not None and obj.handoffs.exists():
            return False
        return super().has_delete_permission(request, obj)
