"""``security.backends.UserBackend``: the session's user, read through a prepared
query, with Django's rules (an inactive account is nobody)."""

from security.backends import UserBackend
from tests.factories import fresh


def test_the_session_user_is_read(advisor, colleague, django_assert_num_queries):
    backend = UserBackend()
    with django_assert_num_queries(1):
        assert backend.get_user(advisor.pk) == advisor
    assert backend.get_user(str(colleague.pk)) == colleague


def test_nobody_for_an_unknown_or_inactive_account(advisor):
    backend = UserBackend()
    assert backend.get_user(2_000_000) is None
    assert backend.get_user("not a number") is None
    advisor.is_active = False
    advisor.save(update_fields=["is_active"])
    assert backend.get_user(fresh(advisor).pk) is None


def test_a_signed_in_client_uses_it(client, advisor):
    client.force_login(advisor)
    assert client.session["_auth_user_backend"] == "security.backends.UserBackend"
    assert client.get("/meldingen/").status_code == 200


def test_the_session_row_is_read_while_it_lives(advisor):
    """``security.sessions``: a live session loads; an expired or unknown one is
    empty and its key forgotten (as Django's database store does)."""
    from datetime import timedelta

    from django.utils import timezone

    from security.models import UserSession
    from security.sessions import SessionStore

    store = SessionStore()
    store["_auth_user_id"] = str(advisor.pk)
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == {"_auth_user_id": str(advisor.pk)}
    UserSession.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None
