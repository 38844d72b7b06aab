"""Writes of the OT on Tour campaign. Coordinators (association staff) only; the
views check the role, these functions check it again."""

from django.db import transaction

from core.permissions import Feature, require_feature
from outreach.models import GemeenteCampaign, GemeenteContact, ProvinceCampaign


def _require_coordinator(user) -> None:
    require_feature(user, Feature.OUTREACH)


@transaction.atomic
def campaign_update(*, gemeente, data: dict, by) -> GemeenteCampaign:
    """Set the campaign fields of ``gemeente`` (the row is made on first use).
    ``data`` holds cleaned form values; ``clean()`` has run on the form."""
    _require_coordinator(by)
    campaign = GemeenteCampaign.objects.select_for_update().filter(
        gemeente=gemeente
    ).first() or GemeenteCampaign(gemeente=gemeente)
    for name, value in data.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["gemeente", "updated_by"])
    campaign.updated_by = by
    campaign.save()
    return campaign


@transaction.atomic
def contact_set(*, gemeente, role: str, name: str, email: str, phone: str, by):
    """Set (or, with an empty name, remove) the contact of ``gemeente`` for ``role``."""
    _require_coordinator(by)
    if not name:
        GemeenteContact.objects.filter(gemeente=gemeente, role=role).delete()
        return None
    contact, _created = GemeenteContact.objects.update_or_create(
        gemeente=gemeente,
        role=role,
        defaults={"name": name, "email": email, "phone": phone},
    )
    return contact


@transaction.atomic
def province_update(*, province, data: dict, by) -> ProvinceCampaign:
    _require_coordinator(by)
    campaign = ProvinceCampaign.objects.select_for_update().filter(
        province=province
    ).first() or ProvinceCampaign(province=province)
    for name, value in data.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["province"])
    campaign.save()
    return campaign
