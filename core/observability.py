"""Request ids and the application's log lines (docs/operations.md, "Logs").

One request id per web request: the proxy's X-Request-ID when it looks like one, else
a new one. It is kept in a context variable, sent back as X-Request-ID, put in the
headers of every Celery task the request enqueues and restored in the worker
(config.observability), so one id ties a request's web and worker lines together.

Log lines never carry a path with ids, a query string, form data or a name: a request
line names its route (the URL pattern's name), a task line its task.
"""

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
HEADER = "X-Request-ID"
# What an incoming id may look like (a UUID, a proxy's hex or base64 id); anything
# else is replaced, so a client cannot write into the log.
SANE_ID = re.compile(r"^[A-Za-z0-9._:+/=-]{8,64}$")

request_logger = logging.getLogger("klankbord.request")
task_logger = logging.getLogger("klankbord.task")
# The routes of the health probes: their answers log at DEBUG unless they fail.
QUIET_ROUTES = frozenset({"health_live", "health_ready"})


def incoming_or_new(value: str | None) -> str:
    if value and SANE_ID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Give every record a ``request_id`` (None outside a request or task)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


# The attributes every LogRecord has; anything else was given with ``extra``.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_PLAIN = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Fields given with ``extra`` are kept when they are
    plain values; objects (Django's ``request``, say) are left out, never turned into
    text that could carry a query string. An exception gives its type and stack,
    not its message (which may quote a value)."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line and isinstance(value, _PLAIN):
                line[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, stack = record.exc_info
            line["exc_type"] = kind.__name__
            line["stack"] = "".join(traceback.format_tb(stack))
        return json.dumps(line, ensure_ascii=False, default=str)


def _route(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None


def _user_id(request) -> int | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user.pk


class RequestLogMiddleware:
    """First in the chain: sets the request id, answers with it, and logs one line
    per request (route, method, status, duration, user id)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = incoming_or_new(request.headers.get(HEADER))
        token = request_id.set(rid)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            self.log(request, response.status_code, start)
            return response
        finally:
            request_id.reset(token)

    @staticmethod
    def log(request, status: int, start: float) -> None:
        duration = round((time.perf_counter() - start) * 1000, 1)
        route = _route(request)
        level = logging.INFO
        if route in QUIET_ROUTES:
            level = logging.DEBUG if status < 400 else logging.WARNING
        request_logger.log(
            level,
            "%s %s %s %.1f ms",
            request.method,
            route or "-",
            status,
            duration,
            extra={
                "route": route,
                "method": request.method,
                "status": status,
                "duration_ms": duration,
                "user_id": _user_id(request),
            },
        )
