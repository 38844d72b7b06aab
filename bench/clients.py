"""A client for the benchmarks: signed in, second factor passed (as a real user's
session is after the 2FA step), so the timed pages are the pages themselves."""


def verified_client(user):
    from django.test import Client

    from tests.otp_helpers import verify_session

    client = Client()
    client.force_login(user)
    verify_session(client, user)
    return client
