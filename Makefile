# Lixing — two commands: `make run` (platform + demo district on SQLite) and `make test` (every check).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
APPS := $(wildcard lixing/*/locale)

.PHONY: run test install system-deps messages lint types migrations-check pytest demo worker clean-db prod-up prod-down backup-drill

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) system-deps messages

# Debian packages the platform and its tests use: gettext (catalogues), Chromium (browser
# tests), a CJK font (Chinese in screenshots and rendered charts), LibreOffice Calc (tests
# make roster files the way offices do; briefings as PDF). Installed only if missing.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing="$$missing fonts-wqy-microhei"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; fi; \
	fi

# Compile every app's zh_Hans catalogue (lixing/<app>/locale/).
messages: $(STAMP)
	@for d in $(APPS) config/locale; do [ -d $$d ] && (cd $$(dirname $$d) && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py compilemessages -v 0) || true; done

# Regenerate the catalogues after changing strings (then translate the new entries).
makemessages: $(STAMP)
	@for app in lixing/*/; do (cd $$app && mkdir -p locale && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l zh_Hans --no-obsolete -v 0 && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -d djangojs -l zh_Hans --no-obsolete -v 0 --ignore 'static/vendor/*'); done

run: install
	@mkdir -p var
	LIXING_DEBUG=1 $(BIN)/python manage.py migrate --noinput -v 0
	LIXING_DEBUG=1 $(BIN)/python manage.py demo --if-empty
	@echo "Starting the background worker (logs: var/worker.log)…"
	@LIXING_DEBUG=1 $(BIN)/python manage.py run_worker > var/worker.log 2>&1 & echo $$! > var/worker.pid
	@trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	LIXING_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install lint types migrations-check pytest

lint: $(STAMP)
	$(BIN)/ruff check .

types: $(STAMP)
	$(BIN)/mypy lixing config

migrations-check: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(STAMP)
	$(BIN)/pytest -n 2 -q $(PYTEST_ARGS)

demo: install
	LIXING_DEBUG=1 $(BIN)/python manage.py migrate --noinput -v 0
	LIXING_DEBUG=1 $(BIN)/python manage.py demo

clean-db:
	rm -f var/lixing.sqlite3*

# Production on one machine: PostgreSQL primary + streaming replica, nginx, two gunicorn
# servers, two workers, cron (as root). `prod-down` stops exactly what `prod-up` started.
prod-up:
	bash deploy/prod-up.sh

prod-down:
	bash deploy/prod-down.sh

# Back up the database DATABASE_URL names, restore into a fresh one, compare every figure.
backup-drill: $(STAMP)
	$(BIN)/python deploy/backup_drill.py --seed
