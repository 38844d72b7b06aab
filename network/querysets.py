from django.db import models


class AmbassadorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)

    def for_region(self, region):
        return self.active().filter(regions=region)

    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)
