#!/usr/bin/env bash
# The README's run command (`make run`): migrate, load reference and demo data, start the
# web server, a Celery worker and Celery beat; print the URL and demo logins.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
export KLANKBORD_SITE_URL="${KLANKBORD_SITE_URL:-http://127.0.0.1:$PORT}"
mkdir -p var
PY=.venv/bin/python

$PY manage.py migrate --noinput -v 0
$PY manage.py compilemessages --ignore '.venv/*' --ignore '.tools/*' -v 0
$PY manage.py collectstatic --noinput -v 0
$PY manage.py load_reference_data
$PY manage.py seed_demo

pids=()
stop() {
  echo; echo "Stopping Klankbord…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

.venv/bin/celery -A config worker -l info --concurrency 2 >var/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat -l info --schedule var/celerybeat-schedule >var/beat.log 2>&1 &
pids+=($!)
$PY manage.py runserver "127.0.0.1:$PORT" --noreload >var/web.log 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/inloggen/" 2>/dev/null && break
  sleep 0.5
done

cat <<TXT

  Klankbord runs at  http://127.0.0.1:$PORT/
  Logs: var/web.log, var/worker.log, var/beat.log   (Ctrl-C stops everything)

  Demo logins (password for all: klankbord-demo)
TXT
$PY manage.py seed_demo --logins-only
echo
wait -n "${pids[@]}"
