"""Idle timeout and absolute lifetime of a signed-in session.

Two timestamps in the session: when the login happened and when the user was last
seen. ``config.middleware.SessionLifetimeMiddleware`` ends the session when either is
too old. Seconds since the epoch, so the JSON serializer keeps them as they are.
"""

import time

from django.conf import settings

STARTED = "kb_login_at"
SEEN = "kb_seen_at"
# Writing the session on every click would cost a database write per request; a
# minute's precision is plenty for a 30-minute idle timeout.
_SEEN_PRECISION = 60


def start_clock(session) -> None:
    now = int(time.time())
    session[STARTED] = now
    session[SEEN] = now


def expired(session, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        start_clock(session)
        return False
    return (
        now - started > settings.SESSION_COOKIE_AGE
        or now - seen > settings.KLANKBORD_SESSION_IDLE_SECONDS
    )


def touch(session, now: float | None = None) -> None:
    now = int(time.time() if now is None else now)
    if now - session.get(SEEN, 0) >= _SEEN_PRECISION:
        session[SEEN] = now
