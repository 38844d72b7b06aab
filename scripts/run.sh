#!/usr/bin/env bash
# The README's run command (`make run`, after `make install services`): migrate, load
# reference and demo data, start the web server, a Celery worker and Celery beat; print
# the URL and the demo logins. Ctrl-C (or SIGTERM) stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
export KLANKBORD_SITE_URL="${KLANKBORD_SITE_URL:-http://127.0.0.1:$PORT}"
mkdir -p var
PY=.venv/bin/python
URL="http://127.0.0.1:$PORT/"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
if port_in_use; then
  echo "error: port $PORT is already in use; choose another: make run PORT=8001" >&2
  exit 1
fi

$PY manage.py migrate --noinput -v 0
if [ -d locale ]; then
  $PY manage.py compilemessages -v 0 \
    --ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' --ignore 'var/*'
fi
$PY manage.py collectstatic --noinput -v 0
$PY manage.py load_reference_data
$PY manage.py seed_demo

pids=()
stop() {
  trap - EXIT INT TERM
  echo
  echo "Stopping Klankbord…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Give the worker a moment for a warm shutdown, then make sure nothing is left.
  for _ in $(seq 1 40); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.25
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop' EXIT

.venv/bin/celery -A config worker -l info --concurrency 2 >var/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat -l info --schedule var/celerybeat-schedule \
  >var/beat.log 2>&1 &
pids+=($!)
$PY manage.py runserver "127.0.0.1:$PORT" --noreload >var/web.log 2>&1 &
pids+=($!)

up=
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "${URL}inloggen/" 2>/dev/null; then up=1; break; fi
  sleep 0.5
done
if [ -z "$up" ]; then
  echo "error: the web server did not answer on $URL within 30 s; var/web.log says:" >&2
  tail -n 20 var/web.log >&2
  exit 1
fi

cat <<TXT

  Klankbord runs at  $URL   (log in at ${URL}inloggen/)
  Logs: var/web.log, var/worker.log, var/beat.log  (e-mails appear in var/worker.log)
  Ctrl-C stops the web server, the worker and beat.

  Demo logins (all fictional):

TXT
$PY manage.py seed_demo --logins-only
cat <<TXT

  Every account needs a second factor. At the first login Klankbord shows a QR code
  for an authenticator app. Without an app: \`make demo-codes\` (in another terminal)
  prints each demo account's current code (development only; codes work once).

TXT

# Run until Ctrl-C, or until one of the three stops by itself.
status=0
wait -n "${pids[@]}" || status=$?
echo "error: a Klankbord process stopped by itself (exit $status); see var/*.log" >&2
exit 1
