"""Fixtures for the security tests: the shared people and cases, and a few helpers."""

from tests.kb_fixtures import *  # noqa: F403
