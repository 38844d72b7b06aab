# Klankbord: two commands. `make run` starts the app with demo data; `make test` runs
# every check. Both install what they need (pinned in uv.lock) and start PostgreSQL and
# Redis when they are installed but stopped.

UV_VERSION := 0.13.8
PYTHON ?= python3
UV := .tools/bin/uv
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
# Use the machine's Python; never download one.
export UV_PYTHON_DOWNLOADS := never
# Compile the installed packages once at install: this machine sets
# PYTHONDONTWRITEBYTECODE, so otherwise every process (test run, worker, report
# compile) compiles WeasyPrint, Django and the rest from source again.
export UV_COMPILE_BYTECODE := 1

.PHONY: install services run test bench bench-signals bench-load lint messages clean

# Idempotent: a second run only checks that .venv matches uv.lock (well under a second).
install: .tools/uv-$(UV_VERSION).stamp
	@$(UV) sync --frozen --python $(PYTHON) --quiet

# The stamp names the pinned uv version, so changing UV_VERSION reinstalls it.
.tools/uv-$(UV_VERSION).stamp:
	@test -x .tools/bin/pip || $(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@rm -f .tools/uv-*.stamp && touch $@

services:
	@bash scripts/services.sh

run: install services
	@bash scripts/run.sh

test: install services
	@bash scripts/test.sh

bench: install services
	.venv/bin/python bench/run.py

# 1,000,000 signals of 50,000 persons: dashboard time, report compile time and memory.
bench-signals: install services
	.venv/bin/python bench/signals.py

# 100 simulated users (locust, headless) against gunicorn with the production
# settings on 127.0.0.1: p50/p95/p99 per page, non-zero exit on any error. See
# bench/load.py for BENCH_LOAD_USERS, BENCH_LOAD_RUN_TIME and the rest.
bench-load: install services
	.venv/bin/python bench/load.py

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# Re-extract translatable strings after changing them (then translate, then commit).
messages: install
	.venv/bin/python manage.py makemessages --locale nl --locale en --no-obsolete \
		--ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' --ignore 'var/*'
	.venv/bin/python manage.py compilemessages --ignore '.venv/*' --ignore '.tools/*' \
		--ignore 'node_modules/*' --ignore 'var/*'

clean:
	rm -rf .venv .tools var

# Development only: the current 2FA code of each demo account (or USERS="vp.jansen ...").
demo-codes: install
	@DJANGO_DEBUG=1 .venv/bin/python manage.py demo_2fa $(USERS)
