"""Fixtures for these tests live in tests/kb_fixtures.py."""

from tests.kb_fixtures import *  # noqa: F403
