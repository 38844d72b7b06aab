"""factory-boy factories for Klankbord, with a Trait per role and per state: the one
way tests make data (the fixtures in tests/conftest.py are built from these).

Plain factories write rows directly (fast, for setting up the world). State that
carries grants, history and audit rows — a case recorded at intake, a consent, a
handed-off or accepted case — is reached through ``cases.services`` (see
``recorded_case``, ``consent_given``, ``handed_off_case`` and the ``offered`` /
``with_ambassador`` traits of ``CaseFactory``), so the test sees what a real user
would have left behind.

All data is fictional. Gemeente codes are ``GM9xxx`` and province codes ``PV9x``, which
CBS does not use, so they never clash with the reference data.

Users' roles are cached on the user object (``core.roles``); the factories hand back a
user whose caches are empty, and ``fresh(user)`` re-reads one from the database. Every
user made here has the password ``PASSWORD``.
"""

import functools
from datetime import timedelta

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases import constants as c
from cases.models import (
    Case,
    CaseHistory,
    Consent,
    Note,
    OfficeHolder,
    Partner,
    Referral,
)
from cases.services.consent import consent_record
from cases.services.handoff import case_handoff, handoff_accept
from cases.services.intake import case_create
from core.constants import OrganisationKind, Role
from core.models import Membership, Organisation
from network.models import Ambassador
from regions.models import Gemeente, Province, Region

PASSWORD = "test-password-123"

# Attributes Django, guardian and core.roles cache on a user object.
_USER_CACHES = (
    "_klankbord_roles",
    "_klankbord_org_id",
    "_klankbord_org",
    "_perm_cache",
    "_user_perm_cache",
    "_group_perm_cache",
)


@functools.cache
def _password_hash() -> str:
    # Hashing once per test run, not once per user: PBKDF2 with a million rounds
    # would otherwise dominate the suite's run time.
    return make_password(PASSWORD)


def default_organisation() -> Organisation:
    """The association, created by migration 0003."""
    return Organisation.objects.get(is_default=True)


def fresh(user):
    """The same user, re-read from the database, with no cached roles or perms."""
    if user is None or not getattr(user, "pk", None):
        return user
    return User.objects.get(pk=user.pk)


def forget_caches(user) -> None:
    for name in _USER_CACHES:
        user.__dict__.pop(name, None)


def role_group(role) -> Group:
    return Group.objects.get_or_create(name=str(role))[0]


# --- reference data -------------------------------------------------------------------


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PV{90 + n % 10}")
    name = factory.Sequence(lambda n: f"Testprovincie {90 + n % 10}")


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"T-REGIO-{n}")
    name = factory.Sequence(lambda n: f"Testregio {n}")
    is_active = True

    class Params:
        inactive = factory.Trait(is_active=False)


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente

    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000}")
    name = factory.Sequence(lambda n: f"Fictiefdorp {n}")
    province = factory.SubFactory(ProvinceFactory)
    region = factory.SubFactory(RegionFactory)


# --- people ---------------------------------------------------------------------------


class OrganisationFactory(DjangoModelFactory):
    """Another organisation than the association (a party with its own advisors)."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Fictieve Partij {n}")
    slug = factory.Sequence(lambda n: f"fictieve-partij-{n}")
    is_default = False

    class Params:
        # A party with its own confidential advisor (who asks the scope question).
        party = factory.Trait(kind=OrganisationKind.PARTY)


class UserFactory(DjangoModelFactory):
    """A user; a role trait adds the auth group and a membership.

    Traits: ``advisor``, ``ambassador``, ``staff``, ``functional_admin`` (also
    ``is_staff``), ``privacy_officer``, ``selection`` (the selection committee),
    ``superuser``, ``inactive``. ``roles=[...]`` gives several roles.
    A user with a role is a member of ``organisation`` (default: the association);
    pass ``organisation=False`` for a user with a role but no membership.
    """

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Testpersoon"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.LazyFunction(_password_hash)
    is_active = True
    is_staff = False
    is_superuser = False

    class Params:
        advisor = factory.Trait(roles=[Role.ADVISOR])
        ambassador = factory.Trait(roles=[Role.AMBASSADOR])
        staff = factory.Trait(roles=[Role.STAFF])
        functional_admin = factory.Trait(roles=[Role.ADMIN], is_staff=True)
        privacy_officer = factory.Trait(roles=[Role.PRIVACY_OFFICER])
        selection = factory.Trait(roles=[Role.SELECTION])
        superuser = factory.Trait(is_superuser=True, is_staff=True)
        inactive = factory.Trait(is_active=False)

    # Not model fields: ``_create`` turns them into groups and a membership (a Trait
    # cannot feed a post-generation hook, so these are plain declarations).
    roles = ()
    organisation = None

    @classmethod
    def _build(cls, model_class, *args, roles=(), organisation=None, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, roles=(), organisation=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if roles:
            user.groups.add(*(role_group(role) for role in roles))
            if organisation is None:
                organisation = default_organisation()
        if organisation:
            Membership.objects.create(user=user, organisation=organisation)
        forget_caches(user)
        return user


class AmbassadorFactory(DjangoModelFactory):
    """A regioambassadeur: a user with the ambassador role and a membership of the
    same organisation. ``regions=[...]`` sets the regions covered (default: none).
    Trait ``inactive``."""

    class Meta:
        model = Ambassador
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(default_organisation)
    # The membership follows ``organisation``; see ``membership`` below.
    user = factory.SubFactory(UserFactory, ambassador=True, organisation=False)
    is_active = True
    phone = ""

    class Params:
        inactive = factory.Trait(is_active=False)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(
                user=obj.user, defaults={"organisation": obj.organisation}
            )
            forget_caches(obj.user)

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.regions.add(*extracted)


# --- cases ----------------------------------------------------------------------------


class OfficeHolderFactory(DjangoModelFactory):
    class Meta:
        model = OfficeHolder

    organisation = factory.LazyFunction(default_organisation)
    name = factory.Sequence(lambda n: f"Fictief Raadslid {n}")
    office = c.Office.COUNCILLOR
    gemeente = factory.SubFactory(GemeenteFactory)


class CaseFactory(DjangoModelFactory):
    """A case written directly, with its first history row.

    Status traits written directly: ``new`` (the default), ``triage``, ``closed``.
    Traits that go through the services (consent, handoff, grant, history, audit):
    ``offered`` and ``with_ambassador``; ``handoff_by=`` / ``handoff_to=`` choose who
    (defaults: the owner or a new advisor of the organisation, and a new ambassador
    covering the office holder's region). ``history=False`` skips the first history
    row.
    """

    class Meta:
        model = Case

    organisation = factory.LazyFunction(default_organisation)
    office_holder = factory.SubFactory(
        OfficeHolderFactory, organisation=factory.SelfAttribute("..organisation")
    )
    channel = c.Channel.PHONE
    category = c.Category.THREAT
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    urgency = c.Urgency.NORMAL
    account = factory.Sequence(lambda n: f"Fictief verslag van melding {n}.")
    status = c.Status.NEW
    phase = ""
    owner = None
    created_by = factory.SelfAttribute("owner")
    outcome = ""
    closed_at = None
    # Not model fields: ``_create`` acts on them (a Trait cannot feed a
    # post-generation hook, so these are plain declarations).
    history = True
    handoff_state = None
    handoff_by = None
    handoff_to = None

    class Params:
        new = factory.Trait(status=c.Status.NEW)
        triage = factory.Trait(status=c.Status.TRIAGE)
        closed = factory.Trait(
            status=c.Status.CLOSED,
            closed_at=factory.LazyFunction(timezone.now),
            outcome="Afgerond met de melder.",
        )
        offered = factory.Trait(handoff_state="offered")
        with_ambassador = factory.Trait(handoff_state="accepted")

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        for name in ("history", "handoff_state", "handoff_by", "handoff_to"):
            kwargs.pop(name)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        history=True,
        handoff_state=None,
        handoff_by=None,
        handoff_to=None,
        **kwargs,
    ):
        case = super()._create(model_class, *args, **kwargs)
        if history:
            CaseHistory.objects.create(
                case=case,
                to_status=case.status,
                to_phase=case.phase,
                by=case.created_by,
            )
        if handoff_state:
            handed_off_case(
                case=case,
                advisor=handoff_by,
                ambassador=handoff_to,
                accept=handoff_state == "accepted",
            )
        return case


class ConsentFactory(DjangoModelFactory):
    """A consent row written directly (no handoff side effects).

    Traits: ``handoff`` (the default purpose), ``referral`` (legal advice unless
    ``referral_kind`` is given), ``statistics``, ``revoked``."""

    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    purpose = c.ConsentPurpose.HANDOFF
    referral_kind = ""
    given_by = "Fictieve Melder"
    method = c.ConsentMethod.VERBAL
    given_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))
    recorded_by = None

    class Params:
        handoff = factory.Trait(purpose=c.ConsentPurpose.HANDOFF)
        referral = factory.Trait(
            purpose=c.ConsentPurpose.REFERRAL, referral_kind=c.ReferralKind.LEGAL
        )
        statistics = factory.Trait(purpose=c.ConsentPurpose.STATISTICS)
        revoked = factory.Trait(
            revoked_at=factory.LazyFunction(timezone.now),
            revoke_reason="De melder trok de toestemming in.",
        )


class NoteFactory(DjangoModelFactory):
    """A case note; trait ``contact`` makes it a contact log entry."""

    class Meta:
        model = Note

    case = factory.SubFactory(CaseFactory)
    kind = c.NoteKind.NOTE
    contact_mode = ""
    contact_at = None
    text = factory.Sequence(lambda n: f"Fictieve notitie {n}.")
    author = None

    class Params:
        contact = factory.Trait(
            kind=c.NoteKind.CONTACT,
            contact_mode=c.ContactMode.PHONE,
            contact_at=factory.LazyFunction(timezone.now),
        )


class ReferralFactory(DjangoModelFactory):
    """A referral resting on a referral consent of the same kind (created alongside).

    Traits: ``accepted``, ``done``, ``declined``."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    kind = c.ReferralKind.LEGAL
    consent = factory.SubFactory(
        ConsentFactory,
        case=factory.SelfAttribute("..case"),
        purpose=c.ConsentPurpose.REFERRAL,
        referral_kind=factory.SelfAttribute("..kind"),
    )
    partner = "Fictief Juridisch Loket"
    details = ""
    status = c.ReferralStatus.PROPOSED
    created_by = None

    class Params:
        accepted = factory.Trait(status=c.ReferralStatus.ACCEPTED)
        done = factory.Trait(status=c.ReferralStatus.DONE)
        declined = factory.Trait(status=c.ReferralStatus.DECLINED)


class PartnerFactory(DjangoModelFactory):
    """A partner of the expert network (netwerkpartner), available, of the
    association. ``regions=[...]`` sets where it works (default: none, nationwide)."""

    class Meta:
        model = Partner
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(default_organisation)
    name = factory.Sequence(lambda n: f"Fictieve partner {n}")
    kind = c.PartnerKind.SECURITY

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.regions.set(extracted)


# --- state through the services -------------------------------------------------------


def recorded_case(advisor, office_holder, **fields) -> Case:
    """A case recorded by ``advisor`` through ``case_create``, as the intake
    page does it (first history row, audit row). Owned by ``advisor`` unless
    ``owner=`` says otherwise; ``fields`` override the intake's answers."""
    data = {
        "channel": c.Channel.PHONE,
        "category": c.Category.THREAT,
        "occurred_on": timezone.localdate(),
        "urgency": c.Urgency.NORMAL,
        "account": "Dreigende berichten na de raadsvergadering. GEHEIM-ZIN-42",
        "owner": advisor,
    }
    data.update(fields)
    return case_create(by=advisor, office_holder=office_holder, **data)


def consent_given(
    case: Case,
    *,
    by,
    purpose: str = c.ConsentPurpose.HANDOFF,
    referral_kind: str = "",
) -> Consent:
    """Record a consent through ``consent_record``."""
    return consent_record(
        case=case,
        by=by,
        purpose=purpose,
        referral_kind=referral_kind,
        given_by="Fictieve Melder",
        method=c.ConsentMethod.VERBAL,
        given_at=timezone.now() - timedelta(minutes=1),
    )


def handed_off_case(
    *,
    case: Case | None = None,
    advisor=None,
    ambassador: Ambassador | None = None,
    accept: bool = False,
    outside_region: bool = False,
) -> Case:
    """A case handed to an ambassador through the services: handoff consent,
    ``case_handoff`` (grant, history, audit, on-commit notification) and, with
    ``accept=True``, ``handoff_accept``. Returns the case re-read from the database.

    Defaults: a new case; its owner or a new advisor of its organisation; a new
    ambassador of its organisation covering the office holder's region."""
    if case is None:
        organisation = (
            Membership.objects.get(user=advisor).organisation
            if advisor is not None
            else default_organisation()
        )
        case = CaseFactory(organisation=organisation, owner=advisor)
    if advisor is None:
        advisor = case.owner or UserFactory(
            advisor=True, organisation=case.organisation
        )
    if ambassador is None:
        ambassador = AmbassadorFactory(
            organisation=case.organisation,
            regions=[case.office_holder.gemeente.region],
        )
    consent_given(case, by=advisor)
    handoff = case_handoff(
        case=case, ambassador=ambassador, by=advisor, outside_region=outside_region
    )
    if accept:
        handoff_accept(handoff=handoff, by=ambassador.user)
    case.refresh_from_db()
    return case
