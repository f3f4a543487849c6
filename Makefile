# One obvious command per chore. `make run` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=true DJANGO_SECRET_KEY="$$(cat $(VENV)/dev-secret-key)"

.PHONY: run test lint format worker bench stack install dev-setup browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

$(VENV)/dev-secret-key: | $(BIN)/python
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

install: $(VENV)/.installed

## Set up (idempotent) and serve the site on http://127.0.0.1:$(PORT)/
dev-setup: $(VENV)/.installed $(VENV)/dev-secret-key
	@$(DEV_ENV) $(BIN)/python manage.py migrate --no-input -v0
	@$(DEV_ENV) $(BIN)/python manage.py load_catalogue
	@$(DEV_ENV) $(BIN)/python manage.py load_maintenance_tasks
	@$(DEV_ENV) $(BIN)/python manage.py load_second_life_locations
	@$(DEV_ENV) $(BIN)/python manage.py load_demo_prices
	@$(DEV_ENV) $(BIN)/python manage.py load_demo_partners
	@$(DEV_ENV) $(BIN)/python manage.py ensure_models

run: dev-setup
	@echo "De Moeite Waard is served on http://127.0.0.1:$(PORT)/"
	@$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

## Headless Chromium for browser tests, from Debian packages (never a downloaded browser).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

test: $(VENV)/.installed browser-deps
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## A Celery worker and beat on REDIS_URL.
worker: $(VENV)/.installed
	@test -n "$$REDIS_URL" || { echo "make worker needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)"; exit 2; }
	$(BIN)/celery -A moeitewaard worker --beat --loglevel=INFO --concurrency=2

## The production shape on this machine (gunicorn, PostgreSQL, Redis, Celery worker + beat).
stack: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,ops]'
	ops/stack.sh

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache .ruff_cache
