"""What role(s) a user has, and for which organisation; cached on the user object.

Roles are auth groups (created by a migration). Superuser status grants nothing here:
the admin site is for reference data and accounts, never a back door into cases.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.constants import Role
from core.models import Membership
from core.prepared import prepared


# Both read on nearly every page, compiled once (``core.prepared``).
@prepared
def _group_names(user_id: int):
    return Group.objects.filter(user__id=user_id).values_list("name", flat=True)


@prepared
def _membership(user_id: int):
    return (
        Membership.objects.filter(user_id=user_id)
        .select_related("organisation")
        .order_by("pk")[:1]
    )


def roles_of(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_klankbord_roles", None)
    if cached is None:
        cached = frozenset(_group_names(user.pk))
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


# Most case-relevant first: the role named for a user who holds several.
ROLE_ORDER = (
    Role.ADVISOR,
    Role.AMBASSADOR,
    Role.STAFF,
    Role.ADMIN,
    Role.PRIVACY_OFFICER,
    Role.SELECTION,
)


def organisation_of(user):
    """The user's organisation (its name and kind), or None; read in the same one
    query as its id and cached with it on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_klankbord_org"):
        membership = next(iter(_membership(user.pk)), None)
        user._klankbord_org = membership.organisation if membership else None
        user._klankbord_org_id = membership.organisation_id if membership else None
    return user._klankbord_org


def primary_role(user) -> str:
    """The role named in audit rows: the most case-relevant one the user holds."""
    roles = roles_of(user)
    for role in ROLE_ORDER:
        if role in roles:
            return role.value
    return ""


def primary_roles(user_ids) -> dict[int, str]:
    """``primary_role`` of many users in one query: {user id: role}, for pages that
    name who did what (a case's timeline). Users without a role are left out."""
    through = get_user_model().groups.through
    held: dict[int, set[str]] = {}
    for user_id, name in through.objects.filter(user_id__in=set(user_ids)).values_list(
        "user_id", "group__name"
    ):
        held.setdefault(user_id, set()).add(name)
    order = [role.value for role in ROLE_ORDER]
    return {
        user_id: next(role for role in order if role in names)
        for user_id, names in held.items()
        if names.intersection(order)
    }
