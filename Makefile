# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: serve-prod backup restore run test test-fast e2e deploy-test bench install assets migrate demo clean lock

# Other ports: make run PORT=8010 CONTENT_PORT=8011 (serve_dev points the site's links and content origins at them).
PORT ?= 8000
CONTENT_PORT ?= 8001
run: install assets migrate demo ## Install, build, migrate, load the demo and serve on http://127.0.0.1:8000
	@echo "Serving on http://127.0.0.1:$(PORT) (H5P and SCORM content from http://p<package>.localhost:$(CONTENT_PORT)" \
	  "and http://s<package>.localhost:$(CONTENT_PORT)). Press Ctrl+C to stop."
	$(PY) manage.py serve_dev --port $(PORT) --content-port $(CONTENT_PORT)

# serve-prod runs in a venv of its own holding only the runtime lock, installed exactly as README's production
# section says: what it serves is what a production machine would install, with no test tool to lean on.
PROD_VENV := .venv-prod
serve-prod: $(PROD_VENV)/.installed node_modules/.installed ## The production settings here: PostgreSQL, Redis, gunicorn, Celery worker and beat (bin/serve-prod)
	$(PROD_VENV)/bin/python bin/serve-prod

$(PROD_VENV)/.installed: requirements.txt
	test -x $(PROD_VENV)/bin/python || $(PYTHON) -m venv $(PROD_VENV)
	$(PROD_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	$(PROD_VENV)/bin/pip check --disable-pip-version-check
	touch $@

# Backups of DATABASE_URL (PostgreSQL) and MEDIA_ROOT (bin/vrp-backup). They need no install step, so they run
# on a production machine with its own Python: `make backup PY=python3`.
backup: ## Write backups/vrp-YYYYmmdd-HHMMSS.tar.gz (or under BACKUP_DIR): pg_dump of DATABASE_URL plus MEDIA_ROOT
	$(PY) bin/vrp-backup backup

restore: ## Restore FILE=... into the empty database DATABASE_URL and MEDIA_ROOT (FORCE=1 replaces what is there)
	@test -n "$(FILE)" || { echo "Say which backup to restore: make restore FILE=backups/vrp-YYYYmmdd-HHMMSS.tar.gz" >&2; exit 2; }
	$(PY) bin/vrp-backup restore "$(FILE)" $(if $(filter 1,$(FORCE)),--force)

install: $(VENV)/.installed node_modules/.installed

# Reinstall only when the lock files change. Developers and CI install the dev lock (runtime + test tools); a
# production machine installs only requirements.txt, the same way (README, "Production").
# Each lock is the complete set, every package an extra pulls in included, so pip installs exactly those files
# (--no-deps) and resolves nothing against today's index: a release made after the lock cannot change what
# installs, with any pip from 23.0 on. `pip check` then proves the set is consistent, as pip-sync does.
$(VENV)/.installed: requirements-dev.txt requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.txt
	$(PIP) check --disable-pip-version-check
	touch $@

# Re-lock both files with hashes after changing requirements.in or requirements-dev.in; `make lock UPGRADE=Django`
# also moves that package to its newest release the .in files allow (a security release: README).
# Versions already locked stay as they are otherwise. pip-tools, because it resolves with pip itself (the tool
# that installs the lock) and writes a plain requirements file any pip reads; it runs in its own venv so the
# project's venv holds exactly the lock. Extras are kept (--no-strip-extras): pip before 23.3 resolved a stripped
# extra (weasyprint's fonttools[woff]) to the newest release instead of the pinned one. PIP_CONFIG_FILE=/dev/null
# locks against PyPI alone, whatever index or find-links a machine's pip configuration adds, and the locks
# name none (--no-emit-index-url --no-emit-find-links): tests/test_locks.py refuses a lock that does.
LOCK_VENV := .venv-lock
PIP_COMPILE := PIP_CONFIG_FILE=/dev/null $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --no-strip-extras \
	--allow-unsafe --no-emit-index-url --no-emit-find-links --no-header $(if $(UPGRADE),--upgrade-package $(UPGRADE))
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
	  PIP_CONFIG_FILE=/dev/null $(LOCK_VENV)/bin/pip install --quiet pip==26.3 pip-tools==7.7.0; }
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in
	@echo "Locked. Review with 'git diff requirements*.txt', then 'make test'."

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

# The suite runs in two passes. First everything that can share the machine, on both cores (pytest-xdist; each
# worker has its own test database and its own throwaway servers). Then the tests marked `alone` (asset build,
# collectstatic, gunicorn, a worker killed mid-batch): they rebuild files the other tests read and need the
# machine to themselves, so they run one at a time. (`check --deploy` and backups are deploy tests too, but share.) Both passes always run; the exit status is
# the first failure's. WORKERS=1 runs the first pass in one process too.
WORKERS ?= 2
XDIST = $(if $(filter-out 0 1,$(WORKERS)),-n $(WORKERS) --dist loadfile)
define two_passes
	@status=0; \
	$(PY) -m pytest $(XDIST) -m "$(if $(1),($(1)) and )not alone" $(PYTEST_ARGS); first=$$?; \
	[ $$first -eq 0 ] || [ $$first -eq 5 ] || status=$$first; \
	$(PY) -m pytest -m "$(if $(1),($(1)) and )alone" $(PYTEST_ARGS); second=$$?; \
	[ $$second -eq 0 ] || [ $$second -eq 5 ] || [ $$status -ne 0 ] || status=$$second; \
	if [ $$first -eq 5 ] && [ $$second -eq 5 ]; then echo "No tests matched." >&2; status=5; fi; \
	exit $$status
endef

test: install assets ## The whole suite, browser tests included (both cores, then the tests that need the machine alone)
	$(call two_passes,)

test-fast: install assets ## Everything but the browser tests
	$(call two_passes,not e2e)

deploy-test: install assets ## Only the production deploy tests (collectstatic, gunicorn, check --deploy, worker crash)
	$(PY) -m pytest -m deploy $(PYTEST_ARGS)

e2e: install assets ## Only the browser journeys
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

bench: install assets ## Benchmarks; writes bench/results/latest.json
	$(PY) bench/run.py

clean:
	rm -rf static/build staticfiles media-test test-db.sqlite3
