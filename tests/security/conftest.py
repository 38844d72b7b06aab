"""Fixtures for the security tests: the shared people and cases, and a few helpers."""

import pytest  # noqa: E402

from cases.constants import Role  # noqa: E402
from tests.kb_fixtures import *  # noqa: F403
from tests.kb_fixtures import make_user  # noqa: E402


@pytest.fixture
def privacy_officer(organisation):
    return make_user("fg.pia", Role.PRIVACY_OFFICER, organisation=organisation)
