#!/usr/bin/env bash
# The README's test command (`make test`, after `make install services`): lint, the
# migrations check, the compose file check, the whole suite. Non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests get their own Redis database so they never feed a running development worker.
export CELERY_BROKER_URL="${TEST_CELERY_BROKER_URL:-redis://127.0.0.1:6379/15}"
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production}"

step() { echo "==> $*"; }

if [ -d locale ]; then
  step "compilemessages"
  .venv/bin/python manage.py compilemessages -v 0 \
    --ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' --ignore 'var/*'
fi
step "collectstatic"
.venv/bin/python manage.py collectstatic --noinput -v 0
step "ruff check"
.venv/bin/ruff check .
step "makemigrations --check"
.venv/bin/python manage.py makemigrations --check --dry-run -v 1
# docker-compose.yml must stay valid (Debian's docker-compose validates without an engine),
# the development stack and the production profile. docker-compose 1.x reads every
# service's env file, so the prod services' is the committed example here.
if command -v docker-compose >/dev/null 2>&1; then
  step "docker-compose config"
  docker-compose config -q
  step "docker-compose --profile prod config"
  docker-compose --profile prod config -q
fi
step "pytest"
# shellcheck disable=SC2086
exec .venv/bin/pytest ${PYTEST_ARGS:-}
