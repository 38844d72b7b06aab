"""Fixtures of the regions suite."""

import pytest

from regions.services import load_reference_data


@pytest.fixture
def loaded(db):
    """The CBS reference data loaded: provinces, gemeenten and the regions they need.
    Returns the load's report."""
    return load_reference_data()
