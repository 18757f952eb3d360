# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: run test test-fast e2e bench install assets migrate demo clean

run: install assets migrate demo ## Install, build, migrate, load the demo and serve on http://127.0.0.1:8000
	@echo "Serving on http://127.0.0.1:8000 (H5P content from http://p<package>.localhost:8001). Press Ctrl+C to stop."
	$(PY) manage.py serve_dev

install: $(VENV)/.installed node_modules/.installed

# Reinstall only when the lock files change.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

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

e2e: install assets ## Only the browser journeys
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

bench: install assets ## Benchmarks; writes bench/results/latest.json
	$(PY) bench/run.py

clean:
	rm -rf static/build staticfiles media-test test-db.sqlite3
