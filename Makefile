# One obvious command per chore. `make run` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

define DATA_LOADS
from django.core.management import call_command
for command in ("load_catalogue", "load_maintenance_tasks", "load_second_life_locations",
                "load_demo_prices", "load_demo_partners", "ensure_models"):
    call_command(command)
endef
export DATA_LOADS

.PHONY: run test lint format worker bench stack audit lock install install-test dev-setup browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Two stamps: the runtime dependencies (`make run`) and the test extras on top (`make test`,
# `make lint`). Each is redone when pyproject.toml changes; the test stamp is made on its own, so a
# venv that `make run` created still gets the test extras for `make test`.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

# The development settings, read by moeitewaard/settings.py (git-ignored; never overwritten, so a
# developer's own additions stay). After `make run`, `.venv/bin/python manage.py <anything>` works.
.env: | $(BIN)/python
	@$(BIN)/python -c "import secrets; print('# Written by make run for development on this machine (git-ignored).\nDJANGO_DEBUG=true\nDJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	@echo "Wrote .env (development settings; see .env.example for every variable)"

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Set up (idempotent) and serve the site on http://127.0.0.1:$(PORT)/
dev-setup: $(VENV)/.installed .env
	@$(BIN)/python manage.py migrate --no-input -v0
	@# One process for the idempotent data loads (each is a no-op on a second run).
	@$(BIN)/python manage.py shell -c "$$DATA_LOADS"

run: dev-setup
	@echo "De Moeite Waard is served on http://127.0.0.1:$(PORT)/"
	@$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

## Headless Chromium for browser tests, from Debian packages (never a downloaded browser).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

# Two test processes on this 2-core machine (pytest-xdist); under CI=true, where PostgreSQL and
# Redis are real and shared (one Redis database, cleared per test), the suite runs in one process.
test: $(VENV)/.installed-test browser-deps
	$(BIN)/pytest $(if $(filter true,$(CI)),,-n 2)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## A Celery worker and beat on REDIS_URL.
worker: $(VENV)/.installed
	@test -n "$$REDIS_URL" || { echo "make worker needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)"; exit 2; }
	$(BIN)/celery -A moeitewaard worker --beat --loglevel=INFO --concurrency=2

## The production shape on this machine (gunicorn, PostgreSQL, Redis, Celery worker + beat).
## See docs/operations.md. Stop with Ctrl-C.
stack: $(VENV)/.installed-test
	@$(BIN)/python -c "import honcho" 2>/dev/null || $(BIN)/pip install --quiet -e '.[test,ops]'
	ops/stack.sh

## Benchmarks on the production stack (own database moeitewaard_bench): bench/results.json and
## docs/performance.md. Needs root for apt-get only when wrk or the services are missing.
bench: $(VENV)/.installed-test
	@$(BIN)/python -c "import honcho" 2>/dev/null || $(BIN)/pip install --quiet -e '.[test,ops]'
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@if [ -z "$$DATABASE_URL" ] || [ -z "$$REDIS_URL" ]; then \
		eval "$$(ops/services.sh)"; export DATABASE_URL REDIS_URL; fi; \
	$(BIN)/python bench/run.py

## Known vulnerabilities in the locked dependencies (requirements.lock), via PyPI's advisory data.
## --strict: a dependency that cannot be checked fails the audit instead of passing silently.
audit: $(VENV)/.installed-test
	$(BIN)/pip-audit --strict --vulnerability-service pypi --progress-spinner off --no-deps \
		--disable-pip -r requirements.lock

## Pin the versions a fresh install resolves to (for the audit and for reproducing a deployment).
lock:
	rm -rf /tmp/moeitewaard-lock && $(PYTHON) -m venv /tmp/moeitewaard-lock
	/tmp/moeitewaard-lock/bin/pip install --quiet -e '.[test]'
	{ echo "# Resolved versions of every dependency (pyproject.toml extras: test), from a fresh venv."; \
	  echo "# Regenerate with \`make lock\`; \`make audit\` checks exactly these versions."; \
	  /tmp/moeitewaard-lock/bin/pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache .ruff_cache
