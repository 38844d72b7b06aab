"""Fixtures for the security tests: the shared people and cases. (The world with an
object of every kind, for the authorisation matrix and the fuzzer: world.py.)"""

import pytest

from core.constants import Role
from tests.kb_fixtures import *  # noqa: F403
from tests.kb_fixtures import make_user


@pytest.fixture
def privacy_officer(organisation):
    return make_user("fg.pia", Role.PRIVACY_OFFICER, organisation=organisation)
