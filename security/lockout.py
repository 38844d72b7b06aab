"""Whose failed login is it: the client address django-axes counts failures by.

Behind a reverse proxy every request comes from the proxy's address, and anyone can
send an ``X-Forwarded-For`` header. So the header is read only when the request itself
comes from a trusted proxy (``KLANKBORD_TRUSTED_PROXIES``, default none), and then
from the right: each trusted proxy appends the address it saw, so the right-most
address that is not a trusted proxy is the client. Whatever lies to its left the
client wrote itself.

The address never decides a lockout on its own: failures are counted per username and
per (username, address) (``AXES_LOCKOUT_PARAMETERS``), so one address cannot lock
other users out.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The networks of ``KLANKBORD_TRUSTED_PROXIES`` (an address is a /32 or /128).
    Raises ``ValueError`` on an entry that is neither (the system check reports it)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def parse_address(raw: str) -> Address | None:
    """An address as proxies write it (``1.2.3.4``, ``1.2.3.4:567``, ``::1``,
    ``[::1]:567``), or None when it is not one."""
    value = raw.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:1.2.3.4) is that IPv4 client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(
        address.version == network.version and address in network
        for network in networks
    )


def client_address(request) -> str:
    """The address of the client (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks(tuple(settings.KLANKBORD_TRUSTED_PROXIES))
    if not is_trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = remote
    for entry in reversed(forwarded.split(",")):
        address = parse_address(entry)
        if address is None:
            # A trusted proxy never writes this: the client did. Stop at the last
            # address a trusted proxy vouched for.
            break
        client = address
        if not is_trusted(address, networks):
            break
    return str(client)


# The longest username Django stores (``auth.User.username``): a longer one names
# nobody, and django-axes keeps the name in a column of 255 characters.
USERNAME_MAX_LENGTH = 150


def client_username(request, credentials=None) -> str | None:
    """The username a failed login is counted for (``AXES_USERNAME_CALLABLE``): the
    one typed, without NUL characters and cut to the longest a username can be. Django's
    login form does not enforce the length before it authenticates, so a "username"
    of a megabyte reached django-axes' column and the login page answered 500."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else request.POST
    username = source.get(field) if source else None
    if not isinstance(username, str):
        return username
    return username.replace("\x00", "")[:USERNAME_MAX_LENGTH]
