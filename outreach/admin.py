from django.contrib import admin

from outreach.models import GemeenteCampaign, GemeenteContact, ProvinceCampaign


@admin.register(GemeenteContact)
class GemeenteContactAdmin(admin.ModelAdmin):
    """Contacts are configuration: functional admins may correct them here too."""

    list_display = ["gemeente", "role", "name", "email", "phone"]
    list_filter = ["role", "gemeente__province"]
    search_fields = ["gemeente__name", "gemeente__code", "name"]
    autocomplete_fields = ["gemeente"]


@admin.register(GemeenteCampaign)
class GemeenteCampaignAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "letter_sent_on", "talk_held_on", "outcome"]
    list_filter = ["outcome", "gemeente__province"]
    search_fields = ["gemeente__name", "gemeente__code"]
    readonly_fields = ["updated_at", "updated_by"]
    autocomplete_fields = ["gemeente"]


@admin.register(ProvinceCampaign)
class ProvinceCampaignAdmin(admin.ModelAdmin):
    list_display = ["province", "talk_status", "talk_on", "staten_sessions_held"]
