"""Reusable queries on the core models."""

from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def for_case(self, case):
        return self.filter(case_id=case.pk)
