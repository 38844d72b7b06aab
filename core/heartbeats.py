"""The heartbeats of the Celery worker and of beat, as timestamps in Redis.

The worker writes its own every 30 seconds (config.observability's bootstep); beat's is
written each time beat has published its every-minute heartbeat task. Readiness
(core.health) and the containers' health checks (config.healthcheck) read them. Only
the standard library and redis here: the health check runs without Django.
"""

import socket
import time

import redis

PREFIX = "klankbord:health:"
WORKER = PREFIX + "worker"
BEAT = PREFIX + "beat"
# A heartbeat older than this means the process is gone (or stuck).
MAX_AGE_SECONDS = 120
# Keys expire on their own, so a stopped process leaves nothing that looks alive.
TTL_SECONDS = 600

_clients: dict[str, redis.Redis] = {}


def client(url: str) -> redis.Redis:
    """One client (and connection pool) per URL, failing fast when Redis is away."""
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url, socket_timeout=1, socket_connect_timeout=1
        )
    return _clients[url]


def worker_key(hostname: str | None = None) -> str:
    return f"{WORKER}:{hostname or socket.gethostname()}"


def beat(url: str) -> None:
    client(url).set(BEAT, repr(time.time()), ex=TTL_SECONDS)


def worker(url: str) -> None:
    """This worker is alive: the shared key (any worker) and this host's own."""
    now = repr(time.time())
    pipe = client(url).pipeline()
    pipe.set(WORKER, now, ex=TTL_SECONDS)
    pipe.set(worker_key(), now, ex=TTL_SECONDS)
    pipe.execute()


def age(url: str, key: str) -> float | None:
    """Seconds since the heartbeat at ``key``; None when there is none."""
    raw = client(url).get(key)
    if raw is None:
        return None
    try:
        return max(0.0, time.time() - float(raw))
    except ValueError:
        return None


def fresh(url: str, key: str) -> bool:
    seconds = age(url, key)
    return seconds is not None and seconds < MAX_AGE_SECONDS
