"""The directory's writes: organisations, regions and their gemeenten, and the
network partners and the ambassadors, as a functional admin maintains them in the
app.

Invariants:
- every change is one audit event per object (``core.audit.audit``), whose detail
  names the fields changed, never a value a person wrote (a partner's name or phone);
- names are unique whatever their case: "Partij X" and "partij x " are one name;
- the association (the default organisation) stays an association and is never
  deleted; only a party's signals can count in the association's figures;
- nothing that something refers to is deleted: an organisation with members or cases,
  a partner a referral points at (deactivate it instead);
- a gemeente moves only to another active region; reloading the CBS reference data
  keeps the move (``regions.services.load_reference_data`` without ``reset_regions``);
- an ambassador with open handoffs is not deactivated, and never reassigned here.
Each function runs in one transaction: a refusal (``ValidationError``) saves nothing.
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.constants import ACTIVE_HANDOFF_STATUSES
from cases.models import Case, Handoff, Partner
from core.audit import audit
from core.constants import AuditAction, OrganisationKind
from core.models import Organisation
from network.models import Ambassador
from regions.models import Gemeente, Region
from regions.services import shipped_reference_data

SLUG_MAX_LENGTH = Organisation._meta.get_field("slug").max_length
REGION_CODE_MAX_LENGTH = Region._meta.get_field("code").max_length


def _changed(instance, fields: dict) -> list[str]:
    """Set ``fields`` on ``instance``; the names of those whose value changed."""
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _unique_value(model, field: str, base: str, max_length: int, exclude=None) -> str:
    """``base``, or ``base-2``, ``base-3``… cut to ``max_length``: a value of
    ``field`` no other row has."""
    rows = model.objects.exclude(pk=getattr(exclude, "pk", None))
    candidate, n = base[:max_length], 1
    while rows.filter(**{f"{field}__iexact": candidate}).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate


# --- organisations --------------------------------------------------------------------


def _check_organisation(organisation: Organisation) -> None:
    others = Organisation.objects.exclude(pk=organisation.pk)
    if others.filter(name__iexact=organisation.name.strip()).exists():
        raise ValidationError(
            {"name": _("There is already an organisation by this name.")}
        )
    if organisation.shares_signals and organisation.kind != OrganisationKind.PARTY:
        raise ValidationError(
            {
                "shares_signals": _(
                    "Only a party's signals can count in the association's figures."
                )
            }
        )


def _save_unique(instance, message_field: str, message: str, **kwargs) -> None:
    """Save; a unique name taken by a request running at the same moment is the
    form's message, not a 500."""
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError({message_field: message}) from error


@transaction.atomic
def organisation_create(
    *, by, name: str, kind: str, shares_signals: bool
) -> Organisation:
    """A new organisation (never the default one), with a slug of its own."""
    organisation = Organisation(name=name, kind=kind, shares_signals=shares_signals)
    _check_organisation(organisation)
    organisation.slug = _unique_value(
        Organisation,
        "slug",
        slugify(name) or "organisatie",
        SLUG_MAX_LENGTH,
    )
    _save_unique(
        organisation, "name", _("There is already an organisation by this name.")
    )
    audit(by, AuditAction.CREATE, organisation, "name, kind, shares_signals")
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by, name: str, kind: str, shares_signals: bool
) -> list[str]:
    """Change name, kind and signal sharing; the fields changed (audited when any).
    Whether a party's signals count takes effect at the association's next
    statistics release (``signals.releases.population``)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_default and kind != organisation.kind:
        raise ValidationError(
            {"kind": _("The association itself always stays an association.")}
        )
    changed = _changed(
        organisation, {"name": name, "kind": kind, "shares_signals": shares_signals}
    )
    _check_organisation(organisation)
    if changed:
        _save_unique(
            organisation,
            "name",
            _("There is already an organisation by this name."),
            update_fields=changed,
        )
        audit(by, AuditAction.UPDATE, organisation, ", ".join(changed))
    return changed


def organisation_in_use(organisation: Organisation) -> list[str]:
    """Why an organisation cannot be deleted, one sentence per reason (empty: it
    can be)."""
    reasons = []
    if organisation.is_default:
        reasons.append(_("It is the association itself."))
    members = organisation.memberships.count()
    if members:
        reasons.append(
            ngettext(
                "It still has %(count)d member of staff.",
                "It still has %(count)d members of staff.",
                members,
            )
            % {"count": members}
        )
    cases = Case.objects.filter(organisation=organisation).count()
    if cases:
        reasons.append(
            ngettext("It has %(count)d melding.", "It has %(count)d meldingen.", cases)
            % {"count": cases}
        )
    return reasons


@transaction.atomic
def organisation_delete(*, organisation: Organisation, by) -> None:
    """Delete an organisation nothing refers to; audited with its name."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    reasons = organisation_in_use(organisation)
    if reasons:
        raise ValidationError(reasons)
    pk, name = organisation.pk, organisation.name
    try:
        with transaction.atomic():
            organisation.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            _(
                "Other records still refer to it (office holders, partners, "
                "ambassadors or statistics)."
            )
        ) from error
    organisation.pk = pk
    audit(by, AuditAction.DELETE, organisation, name)


# --- regions and gemeenten ------------------------------------------------------------


def _check_region_name(region: Region) -> None:
    if Region.objects.exclude(pk=region.pk).filter(name__iexact=region.name).exists():
        raise ValidationError({"name": _("There is already a region by this name.")})


@transaction.atomic
def region_create(*, by, name: str) -> Region:
    """A new, active region, with a code made from its name."""
    region = Region(name=name)
    _check_region_name(region)
    region.code = _unique_value(
        Region, "code", slugify(name).upper() or "REGIO", REGION_CODE_MAX_LENGTH
    )
    _save_unique(region, "name", _("There is already a region by this name."))
    audit(by, AuditAction.CREATE, region, "name")
    return region


@transaction.atomic
def region_rename(*, region: Region, by, name: str) -> bool:
    """Rename a region; reloading the reference data never renames it back."""
    region = Region.objects.select_for_update().get(pk=region.pk)
    if not _changed(region, {"name": name}):
        return False
    _check_region_name(region)
    _save_unique(
        region,
        "name",
        _("There is already a region by this name."),
        update_fields=["name"],
    )
    audit(by, AuditAction.UPDATE, region, "name")
    return True


@transaction.atomic
def gemeenten_move(*, region: Region, gemeenten, to: Region, by) -> int:
    """Move ``gemeenten`` of ``region`` to the active region ``to``; one audit event
    per gemeente, naming both regions by id. The number moved."""
    if to.pk == region.pk:
        raise ValidationError({"target": _("Choose another region than this one.")})
    if not Region.objects.filter(pk=to.pk, is_active=True).exists():
        raise ValidationError({"target": _("Choose an active region.")})
    ids = [g.pk for g in gemeenten]
    rows = list(Gemeente.objects.select_for_update().filter(pk__in=ids, region=region))
    if not rows or len(rows) != len(set(ids)):
        raise ValidationError(
            {"gemeenten": _("Choose one or more municipalities of this region.")}
        )
    for gemeente in rows:
        gemeente.region = to
        gemeente.save(update_fields=["region"])
        audit(by, AuditAction.UPDATE, gemeente, f"region: {region.pk} -> {to.pk}")
    return len(rows)


@cache
def veiligheidsregio_names() -> dict[str, str]:
    """The name of each gemeente's veiligheidsregio, by CBS code, from the reference
    files the app ships with (``regions/data/``; they change only with a release).
    Empty when the files cannot be read: the pages then show "unknown"."""
    try:
        data = shipped_reference_data()
    except ValidationError:
        return {}
    names = {v.code: v.name for v in data.veiligheidsregios}
    return {gm: names[vr] for gm, vr in data.veiligheidsregio_of.items()}


# --- network partners -----------------------------------------------------------------


def _check_partner(partner: Partner) -> None:
    same_name = Partner.objects.filter(
        organisation_id=partner.organisation_id, name__iexact=partner.name.strip()
    ).exclude(pk=partner.pk)
    if same_name.exists():
        raise ValidationError(
            {
                "name": _(
                    "There is already a network partner by this name in this "
                    "organisation."
                )
            }
        )


PARTNER_FIELDS = (
    "organisation",
    "name",
    "kind",
    "expertise",
    "availability",
    "availability_note",
    "phone",
    "email",
    "is_active",
)


def _attname(name: str) -> str:
    return Partner._meta.get_field(name).attname


@transaction.atomic
def partner_save(*, partner: Partner, regions, by) -> list[str]:
    """Create or change a partner (``partner`` carries the new values, unsaved) and
    the regions it works in; the fields changed (audited when any, ``is_active`` as
    "deactivated" or "reactivated")."""
    _check_partner(partner)
    if partner.pk is None:
        partner.save()
        partner.regions.set(regions)
        audit(by, AuditAction.CREATE, partner, ", ".join(PARTNER_FIELDS))
        return list(PARTNER_FIELDS)
    stored = Partner.objects.select_for_update().get(pk=partner.pk)
    changed = [
        name
        for name in PARTNER_FIELDS
        if getattr(stored, _attname(name)) != getattr(partner, _attname(name))
    ]
    if _regions_changed(stored, regions):
        changed.append("regions")
    if not changed:
        return []
    partner.save()
    partner.regions.set(regions)
    audit(by, AuditAction.UPDATE, partner, _change_detail(changed, partner.is_active))
    return changed


def partner_referral_count(partner: Partner) -> int:
    return partner.referrals.count()


@transaction.atomic
def partner_delete(*, partner: Partner, by) -> None:
    """Delete a partner no referral points at (those stay for the record: make the
    partner inactive instead)."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    referrals = partner_referral_count(partner)
    if referrals:
        raise ValidationError(
            ngettext(
                "%(count)d referral points at this partner.",
                "%(count)d referrals point at this partner.",
                referrals,
            )
            % {"count": referrals}
        )
    pk = partner.pk
    try:
        with transaction.atomic():
            partner.delete()
    except (ProtectedError, RestrictedError) as error:  # a referral made just now
        raise ValidationError(
            _("Other records still refer to this partner: make it inactive instead.")
        ) from error
    partner.pk = pk
    audit(by, AuditAction.DELETE, partner)


# --- ambassadors ----------------------------------------------------------------------


def ambassador_open_handoffs(ambassador: Ambassador) -> int:
    """The number of cases handed to ``ambassador`` and not handed back: offered or
    accepted. A count only: the directory never names an ambassador's cases."""
    return Handoff.objects.filter(
        ambassador=ambassador, status__in=ACTIVE_HANDOFF_STATUSES
    ).count()


AMBASSADOR_FIELDS = ["regions", "phone", "is_active"]


@transaction.atomic
def ambassador_update(
    *, ambassador: Ambassador, by, regions, is_active: bool, phone: str
) -> list[str]:
    """Change the regions an ambassador covers, their phone number and whether they
    are active; the fields changed (audited when any, by name: never the number).

    Deactivating is refused while cases are handed to them (offered or accepted):
    an inactive ambassador no longer sees those cases (``cases.querysets``), so
    they would stay "with the ambassador" with nobody able to work on them. The
    advisor takes them back first. Nothing is reassigned here. The row is locked, so
    a handoff committed before this change is counted (``case_handoff`` itself reads
    ``is_active`` without that lock: one made in the very same instant can still
    slip past)."""
    ambassador = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
    if not regions:
        raise ValidationError({"regions": _("Choose at least one region.")})
    changed = _changed(ambassador, {"phone": phone, "is_active": is_active})
    if _regions_changed(ambassador, regions):
        changed.append("regions")
    if not changed:
        return []
    if "is_active" in changed and not is_active:
        open_cases = ambassador_open_handoffs(ambassador)
        if open_cases:
            raise ValidationError(
                {
                    "is_active": ngettext(
                        "%(count)d open melding is still with this ambassador. "
                        "Ask the advisor who handed it over to take it back "
                        "first; then the ambassador can be made inactive.",
                        "%(count)d open meldingen are still with this ambassador. "
                        "Ask the advisors who handed them over to take them back "
                        "first; then the ambassador can be made inactive.",
                        open_cases,
                    )
                    % {"count": open_cases}
                }
            )
    fields = [name for name in changed if name != "regions"]
    if fields:
        ambassador.save(update_fields=fields)
    if "regions" in changed:
        ambassador.regions.set(regions)
    ordered = sorted(changed, key=AMBASSADOR_FIELDS.index)
    audit(by, AuditAction.UPDATE, ambassador, _change_detail(ordered, is_active))
    return changed


def _regions_changed(obj, regions) -> bool:
    """Whether ``regions`` differ from the regions ``obj`` (a partner or an
    ambassador) covers now."""
    return set(obj.regions.values_list("pk", flat=True)) != {r.pk for r in regions}


def _change_detail(changed: list[str], is_active: bool) -> str:
    """The audit detail of an update: the changed fields, ``is_active`` as
    "is_active: reactivated" or "is_active: deactivated"."""
    return ", ".join(
        (f"is_active: {'reactivated' if is_active else 'deactivated'}")
        if name == "is_active"
        else name
        for name in changed
    )
