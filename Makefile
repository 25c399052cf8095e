# Scrutineer. `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python 3.12+. Use python3.13 or python3.12 from PATH, or a
# pyenv-installed one when the pyenv shim is not active for this directory.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$p"; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/scrutineer
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15

.PHONY: help run test lint unit browser services venv bench clean demo worker test-faults backup restore

help:
	@echo "make run    serve the demo at http://127.0.0.1:$(PORT) (SQLite, eager tasks)"
	@echo "make test   lint and run every test (PostgreSQL, Redis, Chromium)"
	@echo "make bench  benchmarks at national scale (not part of make test)"

# Every package comes from requirements-dev.txt (scripts/lock.sh writes it)
# and pip checks each file against the hashes there; pip itself is pinned
# but, as the installer, is fetched before the hashes can be checked.
$(STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed: install python3.12 or python3.13 (e.g. 'pyenv install 3.12') and retry." >&2; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# The demo's environment. SITE_URL is the address it prints and its
# (console) emails link to. DEBUG stays on for developers; a missing page is
# still the product's own 404 (config.middleware.ProductNotFoundMiddleware).
DEMO_ENV = DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT)

run: $(STAMP)
	mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo --once
	@echo "Serving the demo: sign in at http://127.0.0.1:$(PORT)/accounts/login/ (Ctrl-C stops it)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

services:
	@bash scripts/ensure-services.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/python scripts/check_size.py
	$(BIN)/python scripts/check_layers.py
	$(BIN)/python scripts/check_duplicates.py
	$(BIN)/mypy

test: $(STAMP) services lint
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_BROKER_URL=$(TEST_BROKER_URL) $(BIN)/python -m pytest -m "not faults"

# Fault tests: kill a Celery worker mid-import, restart Redis and PostgreSQL
# (private instances on free ports, never the shared ones), race two publishers.
test-faults: $(STAMP) services
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_BROKER_URL=$(TEST_BROKER_URL) $(BIN)/python -m pytest -m faults

# Back up DATABASE_URL to var/backups/ (or FILE=...); restore FILE into an
# empty DATABASE_URL. See scripts/backup.sh and scripts/restore.sh.
backup:
	bash scripts/backup.sh $(FILE)

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/scrutineer-....dump (DATABASE_URL names an empty database)" >&2; exit 1; }
	bash scripts/restore.sh "$(FILE)"

bench: $(STAMP) services
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/scrutineer.sqlite3 var/staticfiles
