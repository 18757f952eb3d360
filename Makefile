# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: serve-prod backup restore run test test-fast e2e deploy-test bench install assets migrate demo clean lock

run: install assets migrate demo ## Install, build, migrate, load the demo and serve on http://127.0.0.1:8000
	@echo "Serving on http://127.0.0.1:8000 (H5P content from http://p<package>.localhost:8001). Press Ctrl+C to stop."
	$(PY) manage.py serve_dev

serve-prod: install ## The production settings here: PostgreSQL, Redis, gunicorn, Celery worker and beat (bin/serve-prod)
	$(PY) bin/serve-prod

# Backups of DATABASE_URL (PostgreSQL) and MEDIA_ROOT (bin/vrp-backup). They need no install step, so they run
# on a production machine with its own Python: `make backup PY=python3`.
backup: ## Write backups/vrp-YYYYmmdd-HHMMSS.tar.gz (or under BACKUP_DIR): pg_dump of DATABASE_URL plus MEDIA_ROOT
	$(PY) bin/vrp-backup backup

restore: ## Restore FILE=... into the empty database DATABASE_URL and MEDIA_ROOT (FORCE=1 replaces what is there)
	@test -n "$(FILE)" || { echo "Say which backup to restore: make restore FILE=backups/vrp-YYYYmmdd-HHMMSS.tar.gz" >&2; exit 2; }
	$(PY) bin/vrp-backup restore "$(FILE)" $(if $(filter 1,$(FORCE)),--force)

install: $(VENV)/.installed node_modules/.installed

# Reinstall only when the lock files change. Developers and CI install the dev lock (runtime + test tools);
# a production image installs only requirements.txt: `pip install --require-hashes -r requirements.txt`.
$(VENV)/.installed: requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

# Re-lock both files with hashes after changing requirements.in or requirements-dev.in (pip-tools).
# Versions already locked stay as they are unless the .in files ask otherwise.
lock:
	test -x $(VENV)/bin/pip-compile || $(PIP) install --quiet pip-tools==7.6.2
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-header -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-header -o requirements-dev.txt requirements-dev.in

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

assets: static/build/.built

static/build/.built: node_modules/.installed $(shell find static/src -type f 2>/dev/null)
	node static/src/build.mjs
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py seed_demo

test: install assets ## The whole suite, browser tests included
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install assets ## Everything but the browser tests
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

deploy-test: install assets ## Only the production deploy tests (collectstatic, gunicorn, check --deploy, worker crash)
	$(PY) -m pytest -m deploy $(PYTEST_ARGS)

e2e: install assets ## Only the browser journeys
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

bench: install assets ## Benchmarks; writes bench/results/latest.json
	$(PY) bench/run.py

clean:
	rm -rf static/build staticfiles media-test test-db.sqlite3
