from core.permissions import menu


def roles(request):
    """What the menu offers this user (``core.permissions.menu``)."""
    return menu(request.user)
