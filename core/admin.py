"""Organisations, memberships and user accounts in the admin.

The audit trail is deliberately not registered: it is read through the access log
(``security``), and never changed. Case content is not reachable through the admin
either (``cases.admin``).

The admin is a superuser's (technical maintenance, ``config.urls``): a functional
admin works in Klankbord itself (/beheren/, ``security.administration``). Roles
(groups) and memberships decide who reads which cases, so only a superuser changes
them here, and every such change is audited; were a non-superuser let in again, they
would see them read-only (a change is a request that a second person approves,
``security.approvals``).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.audit import audit
from core.constants import AuditAction
from core.models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "is_default", "member_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # There is exactly one default organisation (the association); changing which
    # one it is would move every new user's cases, so it is not done in a form.
    readonly_fields = ["is_default"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("memberships"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    def has_delete_permission(self, request, obj=None):
        # Cases and people refer to an organisation (PROTECT), and the refusal page
        # would list its cases by reference: organisations are not deleted here.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "roles"]
    list_filter = ["organisation", "user__groups"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("user__groups")

    # Which organisation an advisor belongs to decides which cases they read: a
    # functional admin only looks here, and requests changes with four eyes.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("role"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.user.groups.all())


class MembershipInline(admin.StackedInline):
    model = Membership
    max_num = 1
    extra = 1
    verbose_name_plural = _("organisation")


class ReadOnlyMembershipInline(MembershipInline):
    """The organisation as a functional admin sees it: read-only (a change is a
    request that a second person approves, ``security.approvals``)."""

    readonly_fields = ["organisation"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _access_of(user) -> tuple[frozenset[str], int | None]:
    """The roles and the organisation that decide what ``user`` may read."""
    if user.pk is None:
        return frozenset(), None
    roles = frozenset(user.groups.values_list("name", flat=True))
    organisation = (
        Membership.objects.filter(user=user)
        .values_list("organisation_id", flat=True)
        .first()
    )
    return roles, organisation


admin.site.unregister(User)


@admin.register(User)
class KlankbordUserAdmin(UserAdmin):
    """Django's user admin, with the organisation on the page, and without the means
    for a functional admin (staff, not superuser) to make anyone a superuser, grant
    single permissions, give anyone a role or an organisation, or take over a
    superuser's account. What a superuser changes in roles and organisations is
    audited."""

    inlines = [MembershipInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "is_active",
        "is_staff",
    ]
    list_filter = ["is_active", "is_staff", "groups", "membership__organisation"]
    list_select_related = ["membership__organisation"]

    @admin.display(description=_("organisation"))
    def organisation(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.organisation if membership else "-"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Roles only with four eyes (security.approvals): a functional admin who
            # could put an account of their own in the advisors' group would read
            # that organisation's cases.
            readonly += ["is_superuser", "user_permissions", "groups"]
            if obj is not None and obj.pk == request.user.pk:
                readonly += ["is_staff", "is_active"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # Point a functional admin to where roles and organisations do change.
        return [
            (
                name,
                {
                    **options,
                    "description": _(
                        "Roles and the organisation change only with a second "
                        "person's approval: request it in Klankbord under "
                        "Approvals (/account/goedkeuringen/)."
                    ),
                }
                if "groups" in options.get("fields", ())
                else options,
            )
            for name, options in fieldsets
        ]

    def get_inlines(self, request, obj):
        if not request.user.is_superuser:
            return [ReadOnlyMembershipInline]
        return super().get_inlines(request, obj)

    def save_related(self, request, form, formsets, change):
        """Save the groups and the membership; audit what changed in either (only a
        superuser can change them here)."""
        user = form.instance
        before = _access_of(user)
        super().save_related(request, form, formsets, change)
        after = _access_of(user)
        if after != before:
            roles_before, organisation_before = before
            roles_after, organisation_after = after
            changes = []
            if roles_after != roles_before:
                changes.append("roles: " + ",".join(sorted(roles_after)))
            if organisation_after != organisation_before:
                changes.append(f"organisation: {organisation_after or 'none'}")
            audit(
                request.user,
                AuditAction.UPDATE,
                user,
                "in the admin: " + "; ".join(changes),
            )

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
