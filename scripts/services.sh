#!/usr/bin/env bash
# Make sure PostgreSQL and Redis run on localhost, and that the database exists.
# Starts them when installed but stopped; installs them from Debian when missing.
set -euo pipefail

DB_NAME="${POSTGRES_DB:-klankbord}"
PG_HOST="${POSTGRES_HOST:-localhost}"
PG_USER="${POSTGRES_USER:-postgres}"

wait_for() {  # wait_for <description> <command...>
  local what=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "error: $what did not come up within 30 s" >&2
  return 1
}

apt_install() {
  echo "Installing $* from Debian's packages…"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL
if ! pg_isready -h "$PG_HOST" -q 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version…"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for PostgreSQL pg_isready -h "$PG_HOST" -q
fi

# Redis
if ! redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG; then
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  echo "Starting Redis…"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for Redis sh -c 'redis-cli -h 127.0.0.1 ping | grep -q PONG'
fi

# gettext's msgfmt compiles the translations
command -v msgfmt >/dev/null 2>&1 || apt_install gettext

# The application database
if ! psql -h "$PG_HOST" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
  psql -h "$PG_HOST" -U "$PG_USER" -d postgres -qc "CREATE DATABASE \"$DB_NAME\""
fi
