"""One beat at a time (docs/operations.md, "Opschalen").

Beat must run once: two beats send every periodic task twice. ``LockedScheduler``
(settings.CELERY_BEAT_SCHEDULER) schedules only while it holds a lock in Redis (the
broker): a key with this beat's token and a term (``KLANKBORD_BEAT_LOCK_SECONDS``),
renewed at every tick (beat wakes at least every ``CELERY_BEAT_MAX_INTERVAL``
seconds). A second beat, started by mistake or as a standby, finds the lock taken and
sends nothing; when the first stops (it releases the lock) or dies (the term runs
out), the second takes over. Without Redis nothing can be sent anyway: a beat that
cannot reach it holds no lock.
"""

import contextlib
import logging
import time
import uuid

import redis
from celery.beat import PersistentScheduler
from django.conf import settings
from redis.exceptions import LockError, RedisError

logger = logging.getLogger(__name__)


class LockedScheduler(PersistentScheduler):
    lock_key = "klankbord:beat-lock"

    def __init__(self, *args, **kwargs):
        self.lock_seconds = int(getattr(settings, "KLANKBORD_BEAT_LOCK_SECONDS", 60))
        self.lock_key = getattr(settings, "KLANKBORD_BEAT_LOCK_KEY", self.lock_key)
        self._holding = False
        self._renewed = 0.0
        self._lock = None
        super().__init__(*args, **kwargs)
        self.max_interval = min(self.max_interval, self.lock_seconds / 3)

    def _redis_lock(self):
        if self._lock is None:
            client = redis.Redis.from_url(
                self.app.conf.broker_url, socket_timeout=5, socket_connect_timeout=5
            )
            self._lock = client.lock(
                self.lock_key, timeout=self.lock_seconds, thread_local=False
            )
            self._lock.local.token = f"{uuid.uuid4().hex}".encode()
        return self._lock

    def holds_lock(self) -> bool:
        """Take or renew the lock; whether this beat may schedule now."""
        lock = self._redis_lock()
        now = time.monotonic()
        try:
            if self._holding:
                if now - self._renewed < self.lock_seconds / 3:
                    return True
                lock.reacquire()  # raises when another beat holds it now
            elif not lock.acquire(blocking=False, token=lock.local.token):
                return False
            else:
                logger.info("Beat holds the lock %s: scheduling.", self.lock_key)
        except (LockError, RedisError) as error:
            if self._holding:
                logger.warning("Beat lost the lock %s (%s).", self.lock_key, error)
            self._holding = False
            return False
        self._holding, self._renewed = True, now
        return True

    def tick(self, *args, **kwargs):
        if not self.holds_lock():
            return self.max_interval  # a standby: try again later
        return super().tick(*args, **kwargs)

    def close(self):
        try:
            super().close()
        finally:
            if self._holding and self._lock is not None:
                with contextlib.suppress(LockError, RedisError):
                    self._lock.release()
                self._holding = False
