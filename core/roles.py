"""What role(s) a user has, and for which organisation; cached on the user object.

Roles are auth groups (created by a migration). Superuser status grants nothing here:
the admin site is for reference data and accounts, never a back door into cases.
"""

from core.constants import Role
from core.models import Membership


def roles_of(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_klankbord_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._klankbord_roles = cached
    return cached


def has_role(user, role: Role) -> bool:
    return role in roles_of(user)


def organisation_id_of(user) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_klankbord_org_id"):
        organisation_of(user)
    return user._klankbord_org_id


def organisation_of(user):
    """The user's organisation (its name and kind), or None; read in the same one
    query as its id and cached with it on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_klankbord_org"):
        membership = (
            Membership.objects.filter(user=user).select_related("organisation").first()
        )
        user._klankbord_org = membership.organisation if membership else None
        user._klankbord_org_id = membership.organisation_id if membership else None
    return user._klankbord_org


def primary_role(user) -> str:
    """The role named in audit rows: the most case-relevant one the user holds."""
    roles = roles_of(user)
    for role in (
        Role.ADVISOR,
        Role.AMBASSADOR,
        Role.STAFF,
        Role.ADMIN,
        Role.PRIVACY_OFFICER,
        Role.SELECTION,
    ):
        if role in roles:
            return role.value
    return ""
