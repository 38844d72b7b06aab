#!/usr/bin/env bash
# Make sure PostgreSQL and Redis run on localhost, and that the database and its two
# roles exist (scripts/db-roles.sql: the owner, which migrations run as, and the role
# the app connects as). Starts them when installed but stopped; installs them from
# Debian when missing.
# Also makes sure gettext's msgfmt is there (compilemessages needs it), and Chromium for
# the browser tests.
set -euo pipefail

DB_NAME="${POSTGRES_DB:-klankbord}"
PG_HOST="${POSTGRES_HOST:-localhost}"
PG_PORT="${POSTGRES_PORT:-5432}"
# The roles and the database are made by a superuser: the local cluster's postgres.
PG_SUPERUSER="${POSTGRES_SUPERUSER:-postgres}"
OWNER_ROLE="${POSTGRES_OWNER_USER:-klankbord_owner}"
APP_ROLE="${POSTGRES_USER:-klankbord_app}"

wait_for() {  # wait_for <description> <command...>: at most 30 s
  local what=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "error: $what did not come up within 30 s" >&2
  return 1
}

apt_updated=
apt_install() {
  echo "Installing $* from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

# --- PostgreSQL -------------------------------------------------------------------------
if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q 2>/dev/null; then
  if [ "$PG_HOST" != localhost ] && [ "$PG_HOST" != 127.0.0.1 ]; then
    echo "error: PostgreSQL at $PG_HOST:$PG_PORT does not answer" >&2
    exit 1
  fi
  installed_now=
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
    installed_now=1
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ -n "$installed_now" ]; then
    # A new Debian cluster asks for passwords over TCP; this machine kind's own cluster
    # trusts local connections, so make the one installed here behave the same.
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    cp "$hba" "$hba.orig"
    printf '%s\n' \
      'local all all trust' \
      'host all all 127.0.0.1/32 trust' \
      'host all all ::1/128 trust' >"$hba"
  fi
  echo "Starting PostgreSQL $version…"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for PostgreSQL pg_isready -h "$PG_HOST" -p "$PG_PORT" -q
fi

# --- Redis --------------------------------------------------------------------------------
if ! redis_up; then
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  if ! redis_up; then  # the package may have started it
    echo "Starting Redis…"
    # Same flags as the machine's own Redis: nothing is kept on disk.
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 \
      --save "" --appendonly no --dir /tmp
  fi
  wait_for Redis redis_up
fi

# --- gettext's msgfmt compiles the translations ---------------------------------------
command -v msgfmt >/dev/null 2>&1 || apt_install gettext

# --- Pango and a font: WeasyPrint renders the PDF reports with them ------------------------
if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || ! fc-list 2>/dev/null | grep -qi dejavu; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core
fi

# --- Chromium: the browser tests (tests/browser/) drive Debian's build through Playwright --
# (Playwright's own browser download is not used.)
[ -x /usr/bin/chromium ] || apt_install chromium

# --- The application database and its two roles ----------------------------------------
# Idempotent. The owner may create databases here: the test run creates its own.
psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -X -q \
  -v db="$DB_NAME" -v owner="$OWNER_ROLE" -v app="$APP_ROLE" -v owner_createdb=1 \
  -v owner_password="${POSTGRES_OWNER_PASSWORD:-}" -v app_password="${POSTGRES_PASSWORD:-}" \
  -f "$(dirname "$0")/db-roles.sql"
# A test database left behind by a run from before the two roles (the test run makes
# and drops it as the owner).
if psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -X -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'test_$DB_NAME'" | grep -q 1; then
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -X -qc \
    "ALTER DATABASE \"test_$DB_NAME\" OWNER TO \"$OWNER_ROLE\""
fi
