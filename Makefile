# The portal's commands. `make` or `make help` lists them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
# A PostgreSQL server for benchmarks; each benchmark makes and drops its own scratch database.
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432
PAGES ?= 10000
SCALE ?= 0
# The interface's translation catalogues (portal/locale/<language>), English's own being kept by hand.
CATALOGUES ?= es

.DEFAULT_GOAL := help
.PHONY: help run superuser test lint typecheck format check messages bench bench-search load backup restore

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "The portal needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed ## Set up and serve the portal with its content on http://127.0.0.1:$(PORT)/
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_portal_content
	@echo ""
	@echo "  The portal:     http://127.0.0.1:$(PORT)/"
	@echo "  The admin:      http://127.0.0.1:$(PORT)/admin/"
	@echo "  Admin login:    run 'make superuser' in another terminal to create one."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

superuser: $(VENV)/.runtime-installed ## Create an admin account for local use (asks for a name and password)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createsuperuser

test: $(VENV)/.dev-installed ## Set up and run the whole test suite (SQLite, or DATABASE_URL when set)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed ## Check style with ruff, and the layers' imports with import-linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.dev-installed ## Check the types of the kernel, caching and search with mypy
	$(BIN)/mypy

format: $(VENV)/.dev-installed ## Fix style with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.dev-installed ## Django's system checks and the migration check
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(VENV)/.dev-installed ## Gather the interface text into each catalogue (CATALOGUES, "es") and compile it (translate what is new, then run again)
	@# Django writes an app's strings next to a `locale` folder above them: the link gathers all three apps' into portal/locale.
	ln -sfn portal/locale locale
	$(BIN)/python manage.py makemessages $(foreach language,$(CATALOGUES),-l $(language)) --no-obsolete --ignore .venv \
		--ignore 'tests/*' --ignore 'bench/*' --ignore 'docs/*' --ignore '*/migrations/*'; status=$$?; rm -f locale; exit $$status
	for language in $(CATALOGUES); do \
		msgfmt --check -o portal/locale/$$language/LC_MESSAGES/django.mo portal/locale/$$language/LC_MESSAGES/django.po || exit 1; \
	done

bench: $(VENV)/.runtime-installed ## Throughput and latency of each page kind (SCALE=10000 adds generated pages)
	SCALE=$(SCALE) BENCH_POSTGRES=$(BENCH_POSTGRES) $(BIN)/python bench/run.py

bench-search: $(VENV)/.runtime-installed ## Search latency p50/p95 on PostgreSQL, before and after PAGES (10000) extra pages
	psql "$(BENCH_POSTGRES)/postgres" -q -c "DROP DATABASE IF EXISTS portal_bench_search" -c "CREATE DATABASE portal_bench_search"
	DATABASE_URL=$(BENCH_POSTGRES)/portal_bench_search $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_POSTGRES)/portal_bench_search $(BIN)/python manage.py load_portal_content -v0
	DATABASE_URL=$(BENCH_POSTGRES)/portal_bench_search $(BIN)/python manage.py benchmark_search --extra-pages $(PAGES)
	psql "$(BENCH_POSTGRES)/postgres" -q -c "DROP DATABASE IF EXISTS portal_bench_search WITH (FORCE)"

$(VENV)/.load-installed: requirements.txt requirements-load.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-load.txt
	@touch $@

load: $(VENV)/.load-installed ## Locust: USERS (50) patients for SECONDS (60) against gunicorn + PostgreSQL; prints p95 and errors
	USERS=$(or $(USERS),50) SECONDS=$(or $(SECONDS),60) BENCH_POSTGRES=$(BENCH_POSTGRES) $(BIN)/python bench/load.py

backup: $(VENV)/.runtime-installed ## Back up the database (pg_dump, or SQLite's copy) and media into backups/
	$(BIN)/python manage.py backup_portal

restore: $(VENV)/.runtime-installed ## Restore a backup over the database and media: make restore BACKUP=backups/portal-<time>
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/portal-<time>"; exit 2; }
	$(BIN)/python manage.py restore_portal "$(BACKUP)"
