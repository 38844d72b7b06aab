"""Fixtures for these tests live in tests/kb_fixtures.py (shared with the other suites)."""

from tests.kb_fixtures import *  # noqa: F403
