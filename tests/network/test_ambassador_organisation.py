"""An ambassador works for the organisation their user is a member of (the admin
saves an ambassador only after this check)."""

import pytest

pytestmark = pytest.mark.django_db


def test_ambassador_must_work_for_the_users_organisation(
    ambassador, other_organisation
):
    from django.core.exceptions import ValidationError

    ambassador.organisation = other_organisation
    with pytest.raises(ValidationError):
        ambassador.full_clean()
