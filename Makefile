# The commands the README gives. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST_PORT ?= 127.0.0.1:8000

.PHONY: run test bench lint migrations-check messages checkers install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load the demo content and serve the site on 127.0.0.1:8000 (SQLite, debug on),
## with a task worker beside it for the imports started from the admin; Ctrl+C stops both.
run: export DJANGO_DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST_PORT)

## make test: install the test tools and run the whole suite; fails on any failure.
## The browser tests (tests/e2e/) run when Chromium, Java and npm are there, and are skipped otherwise.
test: install-dev checkers lint migrations-check
	$(BIN)/python -m pytest

# axe-core, the Nu Html Checker and Lighthouse, from package-lock.json, when npm is installed.
checkers: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility and HTML checks will be skipped"; fi

## make bench: Lighthouse scores at phone size, a load test under gunicorn (needs Debian's wrk), then
## import a full-size CORDIS export and time the pages cold on it, on SQLite and on PostgreSQL when it
## runs (tests/bench/cold.py), backups, and the fault probes; fails when a target is missed.
## BENCH_PROJECTS=2000 make bench for a quick run.
bench: install-dev checkers
	status=0; \
	$(BIN)/python -m tests.bench.lighthouse || status=1; \
	$(BIN)/python -m tests.bench.load || status=1; \
	$(BIN)/python -m tests.bench.profile_page || status=1; \
	$(BIN)/python -m tests.bench.cold || status=1; \
	$(BIN)/python -m tests.bench.backups || status=1; \
	$(BIN)/python -m tests.bench.faults || status=1; \
	exit $$status

## make messages: bring the Italian catalogue up to date with the code and compile it.
## Needs GNU gettext (Debian: gettext). The compiled catalogue is committed, so `make run` does not.
messages: export DJANGO_DEBUG ?= 1
messages: install
	$(BIN)/python manage.py makemessages --locale it --ignore "tests/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --locale it --ignore ".venv/*"

lint: install-dev
	$(BIN)/ruff check .

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules artifacts
