# The one place that knows the project's commands. Needs only Python 3.11+ on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

# Local runs and tests need a secret; production must set its own SECRET_KEY.
export SECRET_KEY ?= insecure-local-key-for-development-and-tests
# Integration tokens are encrypted with these; `manage.py check` refuses a start without them.
export INTEGRATIONS_ENCRYPTION_KEYS ?= dev-only-integrations-key-not-for-production

.PHONY: install run test lint format bench stress screenshots migrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# `runserver` is Daphne's (first in INSTALLED_APPS): one ASGI server for HTTP and the WebSocket.
run: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Recruiter Platform: http://$(HOST):$(PORT)/"
	@echo "  Admin:   admin@demo.test / demo-password"
	@echo "  Recruiter: recruiter@demo.test / demo-password"
	@echo "  Django admin: http://$(HOST):$(PORT)/admin/  (admin@demo.test for the demo organization,"
	@echo "                operator@demo.test / demo-password as platform operator)"
	@echo "  API docs: http://$(HOST):$(PORT)/api/docs/"
	@echo "  Notifications WebSocket: ws://$(HOST):$(PORT)/api/v1/ws"
	@echo ""
	@# The trap first stops listening: `kill 0` signals this shell too, and a trap that caught its own
	@# TERM would run again and again until the shell crashed ("Segmentation fault").
	@trap 'trap "" INT TERM; trap - EXIT; kill 0; wait; exit 0' INT TERM EXIT; \
	  DEBUG=1 $(BIN)/celery -A config worker --loglevel=info --concurrency=2 & \
	  DEBUG=1 $(BIN)/celery -A config beat --loglevel=info & \
	  DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium, and the broker-outage tests start and stop a redis-server of
# their own: install what is missing when we may (root with apt-get). The package is named as the binary.
CHROMIUM ?= /usr/bin/chromium
REDIS_SERVER ?= /usr/bin/redis-server
$(CHROMIUM) $(REDIS_SERVER):
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(notdir $@) >/dev/null; \
	else \
	  echo "The tests need $@: run 'sudo apt-get install $(notdir $@)' (Debian/Ubuntu)."; exit 1; \
	fi

test: install $(CHROMIUM) $(REDIS_SERVER)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# Load, rate-limit exactness and a long schema fuzz against gunicorn on PostgreSQL (benchmarks/stress).
stress: install
	$(BIN)/python -m benchmarks.stress

screenshots: install
	$(BIN)/python -m tests.screenshots

clean:
	rm -rf $(VENV) var db.sqlite3
