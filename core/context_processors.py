from core.constants import Role
from core.roles import roles_of


def roles(request):
    user_roles = roles_of(request.user)
    return {
        "is_advisor": Role.ADVISOR in user_roles,
        "is_ambassador": Role.AMBASSADOR in user_roles,
        "is_association_staff": Role.STAFF in user_roles,
        "is_functional_admin": Role.ADMIN in user_roles,
        "is_privacy_officer": Role.PRIVACY_OFFICER in user_roles,
        "is_selection_committee": Role.SELECTION in user_roles,
    }
