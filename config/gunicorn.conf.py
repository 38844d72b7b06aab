"""gunicorn settings for production (`gunicorn -c config/gunicorn.conf.py config.wsgi`).

Every value can be set from the environment, so one image serves a laptop and a
larger host. The defaults suit a 2-core machine: Django is synchronous and our pages
wait mostly on PostgreSQL, so a few threads per process keep both cores busy while a
page waits for its queries.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# (2 x cores) + 1 processes is gunicorn's own rule of thumb; each holds its own
# database connections (CONN_MAX_AGE), so PostgreSQL's max_connections must allow
# workers x threads x app containers.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is killed and logged: the slowest page (a PDF
# download) takes a few seconds; report compiles run in Celery, never in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM / SIGHUP a worker finishes its requests for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The proxy in front sets X-Forwarded-Proto; Django trusts it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request lines go to the application's own JSON log, not gunicorn's access log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")

# gunicorn's own messages (start, worker timeouts) as JSON lines too, like the
# application's (DJANGO_LOG_FORMAT, json unless DEBUG; docs/operations.md "Logs").
# DJANGO_DEBUG is read as config/env.py's env_bool reads it, written out here:
# gunicorn reads this file before --chdir, when the project may not be importable.
_debug = os.environ.get("DJANGO_DEBUG", "0").strip().lower() in {
    "1",
    "true",
    "yes",
    "on",
}
if os.environ.get("DJANGO_LOG_FORMAT", "text" if _debug else "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.observability.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
            }
        },
    }
