# Klankbord: two commands. `make run` starts the app with demo data; `make test` runs
# every check. Both install what they need (pinned in uv.lock) and start PostgreSQL and
# Redis when they are installed but stopped.

UV_VERSION := 0.13.8
PYTHON ?= python3
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv

.PHONY: install services run test bench lint messages clean

install: .tools/bin/uv
	@.tools/bin/uv sync --frozen --python $(PYTHON) --quiet

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

services:
	@bash scripts/services.sh

run: install services
	@bash scripts/run.sh

test: install services
	@bash scripts/test.sh

bench: install services
	.venv/bin/python bench/run.py

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# Re-extract translatable strings after changing them (then translate, then commit).
messages: install
	.venv/bin/python manage.py makemessages --locale nl --locale en --no-obsolete \
		--ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' --ignore 'var/*'
	.venv/bin/python manage.py compilemessages --ignore '.venv/*' --ignore '.tools/*'

clean:
	rm -rf .venv .tools var
