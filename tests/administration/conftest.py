"""What the administration suites share."""

import pytest


@pytest.fixture
def admin(client, functional_admin):
    """A client signed in (2FA passed) as the functional admin."""
    client.force_login(functional_admin)
    return client
