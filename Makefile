# 地域DX推進ポータル — `make run` serves the portal with demo data, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: bench lock install run test test-fast lint format worker beat screenshots messages seed benchmark

# Installs the exact versions of requirements-dev.lock (made from pyproject.toml by `make lock`).
$(STAMP): pyproject.toml requirements-dev.lock
	@PYBIN=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYBIN"; "$$PYBIN" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $(STAMP)

# After changing dependencies in pyproject.toml: pin them again (production and development locks).
lock: $(STAMP)
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_local_governments
	$(PY) manage.py load_skill_taxonomies
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	bin/run-tests

test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser" -q

# The same checks as .pre-commit-config.yaml and CI.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	git ls-files -z '*.py' | xargs -0 $(VENV)/bin/django-upgrade --target-version 6.1 --check
	$(VENV)/bin/djhtml --check templates
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	git ls-files -z '*.py' | xargs -0 $(VENV)/bin/django-upgrade --target-version 6.1 --exit-zero-even-if-changed
	$(VENV)/bin/djhtml templates

worker: $(STAMP)
	$(VENV)/bin/celery -A portal worker --loglevel=info

beat: $(STAMP)
	$(VENV)/bin/celery -A portal beat --loglevel=info

screenshots: $(STAMP)
	SCREENSHOTS_DIR=docs/screenshots REQUIRE_BROWSER=1 $(PY) -m pytest tests/e2e -q

messages: $(STAMP)
	$(PY) manage.py makemessages -l en --no-obsolete --no-location --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages -l en --ignore=.venv

seed: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_local_governments
	$(PY) manage.py load_skill_taxonomies
	$(PY) manage.py seed_demo

benchmark: $(STAMP)
	$(PY) benchmarks/notification_fanout.py --recipients 2000

# Pages under load at national scale (5,000 profiles, 50,000 dispatch requests, 500 joint
# procurements, 300 council meetings), against a no-op view in the same run.
bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "bench needs wrk: apt-get install wrk"; exit 1; }
	@command -v redis-server >/dev/null || { echo "bench needs redis-server: apt-get install redis-server"; exit 1; }
	$(PY) benchmarks/http_bench.py --talents 5000 --requests 50000 --projects 500 --meetings 300
