"""Attack 4, the digest: a keyed digest of what a release was computed from, salted
per release. Two digests must not be comparable (else equal digests would tell that
the data did not change while the figures stayed frozen), and staff never see one:
only the functional admin's page shows them."""

import pytest
from django.urls import reverse

from signals import published
from tests.signals.attacks import population
from tests.signals.attacks.conftest import compile_release

pytestmark = pytest.mark.django_db


def test_digests_of_releases_on_the_same_data_differ(association):
    first = compile_release(association.organisation)
    second = compile_release(association.organisation)
    assert first.figures == second.figures
    assert first.salt != second.salt
    assert first.digest != second.digest


def test_one_person_outside_the_released_quarters_leaves_no_trace(association):
    """The person's signal lies before the first quarter of the release: the input
    of both releases is the same, and so must look different."""
    first = compile_release(association.organisation)
    outside = population.new_person(
        association.rng, first.first_quarter - 1, **population.RARE[0]
    )
    association.add([outside])
    second = compile_release(association.organisation)
    assert first.figures == second.figures
    assert first.digest != second.digest


def test_staff_never_see_a_digest(client, staff_user, association):
    releases = [compile_release(association.organisation) for _ in range(2)]
    client.force_login(staff_user)
    urls = [
        reverse("signals:dashboard"),
        reverse("signals:dashboard") + "?release=1",
        reverse("signals:release_list"),
    ]
    secrets = [r.digest for r in releases] + [r.salt for r in releases]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not [s for s in secrets if s in body], url
    for release in releases:
        seen = repr(published.cells_of(release))
        assert not [s for s in secrets if s in seen]
    assert client.get(reverse("signals:release_digests")).status_code == 403


def test_the_functional_admin_sees_the_digests_and_no_figures(
    client, functional_admin, association
):
    release = compile_release(association.organisation)
    client.force_login(functional_admin)
    response = client.get(reverse("signals:release_digests"))
    assert response.status_code == 200
    body = response.content.decode()
    assert release.digest in body
    assert release.salt not in body
    assert client.get(reverse("signals:dashboard")).status_code == 403
