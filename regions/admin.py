"""Reference data in the admin.

Provinces and gemeenten come from CBS (``manage.py load_reference_data``): provinces are
read-only, and of a gemeente only the region may be changed. Regions are the
association's own: functional admins add, rename and deactivate them.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from regions.models import Gemeente, Province, Region


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "name", "gemeente_count"]
    search_fields = ["code", "name"]
    ordering = ["code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(gemeente_count=Count("gemeenten"))

    @admin.display(description=_("municipalities"), ordering="gemeente_count")
    def gemeente_count(self, obj):
        return obj.gemeente_count


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "region"]
    list_display_links = ["code", "name"]
    list_editable = ["region"]
    list_filter = ["province", "region"]
    list_select_related = ["province", "region"]
    search_fields = ["code", "name"]
    ordering = ["name"]
    fields = ["code", "name", "province", "region"]
    # The CBS facts are maintained by load_reference_data; only the region is ours.
    readonly_fields = ["code", "name", "province"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region" and formfield is not None:
            # With list_editable every row has a region select; evaluate the choices
            # once per request instead of one query per row.
            choices = getattr(request, "_klankbord_region_choices", None)
            if choices is None:
                choices = list(formfield.choices)
                request._klankbord_region_choices = choices
            formfield.choices = choices
        return formfield


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    fields = ["code", "name", "province"]
    readonly_fields = fields
    ordering = ["name"]
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("province")

    def has_add_permission(self, request, obj=None):
        return False


def _active_ambassadors():
    return Q(ambassadors__is_active=True, ambassadors__user__is_active=True)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "is_active",
        "gemeente_count",
        "active_ambassador_count",
    ]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    ordering = ["name"]
    fields = ["code", "name", "is_active", "active_ambassadors"]
    readonly_fields = ["active_ambassadors"]
    inlines = [GemeenteInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                gemeente_count=Count("gemeenten", distinct=True),
                active_ambassador_count=Count(
                    "ambassadors", filter=_active_ambassadors(), distinct=True
                ),
            )
        )

    @admin.display(description=_("municipalities"), ordering="gemeente_count")
    def gemeente_count(self, obj):
        return obj.gemeente_count

    @admin.display(
        description=_("active ambassadors"), ordering="active_ambassador_count"
    )
    def active_ambassador_count(self, obj):
        return obj.active_ambassador_count

    @admin.display(description=_("active ambassadors"))
    def active_ambassadors(self, obj):
        if obj.pk is None:
            return "-"
        names = [str(a) for a in obj.ambassadors.active().select_related("user")]
        return ", ".join(names) or "-"
