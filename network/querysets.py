from django.db import models

from core.constants import Role


class AmbassadorQuerySet(models.QuerySet):
    def active(self):
        """Ambassadors who can take a case: active, and their role granted (an
        appointment waits for a functional admin's approval, see
        security/approvals.py, before the person holds the role)."""
        return self.filter(
            is_active=True,
            user__is_active=True,
            user__groups__name=Role.AMBASSADOR,
        ).distinct()

    def for_region(self, region):
        return self.active().filter(regions=region)

    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)
