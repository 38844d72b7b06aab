"""Reads of the accounts pages: the accounts with what the list shows, and the failed
logins django-axes counts (``AccessAttempt``)."""

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.constants import Role
from security import approvals


def accounts():
    """Every account a functional admin manages (superusers are managed on the
    server), with its organisation, its roles and whether an authenticator app is
    linked."""
    return (
        get_user_model()
        .objects.filter(is_superuser=False)
        .select_related("membership__organisation")
        .prefetch_related("groups")
        .annotate(
            has_two_factor=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def filtered_accounts(filters: dict):
    rows = accounts()
    text = filters.get("q")
    if text:
        rows = rows.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )
    if filters.get("role"):
        rows = rows.filter(groups__name=filters["role"])
    if filters.get("organisation"):
        rows = rows.filter(membership__organisation=filters["organisation"])
    if filters.get("active") == "yes":
        rows = rows.filter(is_active=True)
    elif filters.get("active") == "no":
        rows = rows.filter(is_active=False)
    return rows


def role_labels(user) -> list[str]:
    """The human names of the roles ``user`` holds (never the slugs), in the table's
    order. Reads the prefetched groups."""
    held = {group.name for group in user.groups.all()}
    return [str(role.label) for role in Role if role.value in held]


def pending_requests_about(user):
    """The role requests about ``user`` that wait for a second admin."""
    return approvals.pending_requests().filter(subject=user)


# --- failed logins --------------------------------------------------------------------


def _attempts():
    from axes.models import AccessAttempt

    return AccessAttempt.objects.all()


def cool_off_start() -> datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def locked_usernames(usernames=None) -> set[str]:
    """The usernames locked out now: as many failures within the cool-off time as
    the limit allows (django-axes counts per username, and per username and
    address; the first count is never the smaller)."""
    attempts = _attempts().filter(attempt_time__gte=cool_off_start())
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    return {
        row["username"]
        for row in attempts.values("username")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.AXES_FAILURE_LIMIT)
    }


def masked_address(raw: str | None) -> str:
    """An address shown without its last part: enough to see that failures come
    from one network or from many, not which home or device. IPv4 keeps three
    numbers, IPv6 its first three groups (the /48 of a site)."""
    if not raw:
        return "—"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "—"
    if address.version == 4:
        network = ipaddress.ip_network(f"{address}/24", strict=False)
        return f"{str(network.network_address).rsplit('.', 1)[0]}.x"
    network = ipaddress.ip_network(f"{address}/48", strict=False)
    return f"{network.network_address}/48"


@dataclass(frozen=True)
class Failure:
    """One row of the failures page: who (an account, or a username nobody has),
    when last, how often, from which network, and whether they are locked out."""

    account: object | None
    last_at: datetime
    count: int
    network: str
    locked: bool


def attempts_newest_first():
    """The failed logins django-axes still counts, newest first (to page through)."""
    return _attempts().order_by("-attempt_time", "-pk")


def failures(rows, locked: set[str]) -> list[Failure]:
    """The rows of the failures page for these attempts (``locked``: the usernames
    locked out now, ``locked_usernames()``). A username that belongs to no account is
    not shown as typed: people type their password in the username field."""
    rows = list(rows)
    names = {row.username for row in rows if row.username}
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=names)
    }
    return [
        Failure(
            account=users.get(row.username),
            last_at=row.attempt_time,
            count=row.failures_since_start,
            network=masked_address(row.ip_address),
            locked=row.username in locked,
        )
        for row in rows
    ]


def locked_accounts(locked: set[str]) -> list:
    """The accounts of the usernames ``locked`` out now (``locked_usernames()``; a
    username of no account locks nobody out)."""
    return list(
        get_user_model().objects.filter(username__in=locked).order_by("username")
    )
