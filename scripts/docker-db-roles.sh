#!/usr/bin/env bash
# The docker-compose db service runs this once, when it makes its data directory
# (docker-entrypoint-initdb.d): Klankbord's two roles and its database, with
# scripts/db-roles.sql (mounted at /klankbord/db-roles.sql). See docker-compose.yml.
set -euo pipefail

psql -X -q -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db="$POSTGRES_DB" \
  -v owner="$KLANKBORD_OWNER_USER" -v owner_password="$KLANKBORD_OWNER_PASSWORD" \
  -v app="$KLANKBORD_APP_USER" -v app_password="$KLANKBORD_APP_PASSWORD" \
  -f /klankbord/db-roles.sql
