"""The demo accounts: the association and a fictional party, and one user with one role
each (a group), a membership of an organisation and the public demo password.

Every person is invented (none of the people named in the source documents appears);
e-mail addresses are on example.org. Users are found by username and made once; a
second run only puts back a changed name, e-mail address or staff flag.
"""

import functools

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from core.constants import OrganisationKind, Role
from core.models import Membership, Organisation

PASSWORD = "klankbord-demo"  # noqa: S105 - fictional demo accounts, printed on purpose

# username, first name, last name
ADVISORS = [("vp.jansen", "Anouk", "Jansen"), ("vp.bakker", "Ruben", "Bakker")]
STAFF = ("staf.visser", "Eva", "Visser")  # association staff: the coordinator
SELECTION = ("selectie.dekker", "Mirjam", "Dekker")
ADMIN = ("beheer.smit", "Tom", "Smit")
PARTY_ADVISOR = ("vp.partij", "Noor", "Hendriks")
PARTY_NAME = "Fictieve Partij (demo)"
PARTY_SLUG = "partij-demo"


@functools.cache
def _demo_password_hash() -> str:
    # One hash for every demo account: the password is public anyway, and hashing it
    # eleven times costs seconds on every fresh start.
    return make_password(PASSWORD)


def seed_user(
    username: str,
    first_name: str,
    last_name: str,
    role: Role,
    organisation: Organisation,
    *,
    is_staff: bool = False,
) -> User:
    """The demo user ``username`` with exactly this profile, in the group of ``role``
    and (when new) a member of ``organisation``; made with the demo password."""
    profile = {
        "first_name": first_name,
        "last_name": last_name,
        "email": f"{username}@example.org",
        "is_staff": is_staff,
        "is_superuser": False,
    }
    user, created = User.objects.get_or_create(username=username, defaults=profile)
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    else:
        changed = [key for key, value in profile.items() if getattr(user, key) != value]
        for key in changed:
            setattr(user, key, profile[key])
        if changed:
            user.save(update_fields=changed)
    user.groups.add(Group.objects.get(name=role.value))
    Membership.objects.get_or_create(user=user, defaults={"organisation": organisation})
    # A fresh instance: the role and organisation caches on ``user`` are now stale.
    return User.objects.get(pk=user.pk)


def seed_organisations() -> tuple[Organisation, Organisation]:
    """The association (the default organisation, made by a migration) and the
    fictional party."""
    association = Organisation.objects.get(is_default=True)
    party, _ = Organisation.objects.get_or_create(
        slug=PARTY_SLUG,
        defaults={"name": PARTY_NAME, "kind": OrganisationKind.PARTY},
    )
    if party.kind != OrganisationKind.PARTY or party.name != PARTY_NAME:
        # A database seeded before parties had a kind (or their own name).
        party.kind, party.name = OrganisationKind.PARTY, PARTY_NAME
        party.save(update_fields=["kind", "name"])
    return association, party


def seed_advisors(association: Organisation) -> list[User]:
    """The association's advisors (vertrouwenspersonen)."""
    return [seed_user(*person, Role.ADVISOR, association) for person in ADVISORS]


def seed_association_staff(association: Organisation) -> None:
    """The coordinator, the selection committee and the functional admin (the only
    demo account with ``is_staff``; none is a superuser)."""
    seed_user(*STAFF, Role.STAFF, association)
    seed_user(*SELECTION, Role.SELECTION, association)
    seed_user(*ADMIN, Role.ADMIN, association, is_staff=True)


def seed_party_advisor(party: Organisation) -> User:
    """The party's own advisor: sees the party's cases only."""
    return seed_user(*PARTY_ADVISOR, Role.ADVISOR, party)
