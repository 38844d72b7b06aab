#!/usr/bin/env bash
# The README's test command (`make test`): lint, migrations check, the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests get their own Redis database so they never feed a running development worker.
export CELERY_BROKER_URL="${TEST_CELERY_BROKER_URL:-redis://127.0.0.1:6379/15}"
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production}"

.venv/bin/python manage.py compilemessages --ignore '.venv/*' --ignore '.tools/*' -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/ruff check .
.venv/bin/python manage.py makemigrations --check --dry-run -v 1
# docker-compose.yml must stay valid (Debian's docker-compose validates without an engine).
if command -v docker-compose >/dev/null 2>&1; then docker-compose config -q; fi
# shellcheck disable=SC2086
.venv/bin/pytest ${PYTEST_ARGS:-}
