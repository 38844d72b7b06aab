"""The containers' health checks in docker-compose.yml, without starting Django:

    python -m config.healthcheck app      # GET /gezond/ on this container's gunicorn
    python -m config.healthcheck worker   # this host's worker heartbeat is fresh
    python -m config.healthcheck beat     # beat published its heartbeat task lately

Exit status 0 when healthy, 1 when not.
"""

import os
import sys
import urllib.request

from core import heartbeats


def app() -> bool:
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    url = f"http://127.0.0.1:{port}/gezond/"
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (fixed URL)
        return response.status == 200


def worker() -> bool:
    return heartbeats.fresh(_broker(), heartbeats.worker_key())


def beat() -> bool:
    return heartbeats.fresh(_broker(), heartbeats.BEAT)


def _broker() -> str:
    return os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")


CHECKS = {"app": app, "worker": worker, "beat": beat}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in CHECKS:
        print(f"usage: python -m config.healthcheck {'|'.join(CHECKS)}")
        return 2
    try:
        healthy = CHECKS[argv[0]]()
    except Exception as error:  # noqa: BLE001  (unhealthy, whatever the reason)
        print(f"{argv[0]}: {type(error).__name__}")
        return 1
    print(f"{argv[0]}: {'healthy' if healthy else 'unhealthy'}")
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
