# Planportalen. `make run` serves the portal with demo data; `make test` runs every check.
PORT ?= 8000
# make test runs the suite in this many processes (pytest-xdist; each has its own test database
# and broker database). TEST_PROCESSES=0 runs it in one.
TEST_PROCESSES ?= 2
PY := .venv/bin/python
export DJANGO_SETTINGS_MODULE ?= planportal.settings.dev

.PHONY: setup run test lint format schema bench demo messages backup restore

setup:
	@bash scripts/setup.sh

run: setup
	@$(PY) manage.py load_demo
	@PORT=$(PORT) bash scripts/run.sh

demo: setup
	@$(PY) manage.py load_demo

test: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=planportal.settings.test .venv/bin/pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Regenerates the committed OpenAPI schema (tests fail when it is stale).
schema:
	DJANGO_SETTINGS_MODULE=planportal.settings.test $(PY) manage.py spectacular --file docs/openapi.yaml --validate

messages:
	cd $(CURDIR) && $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules

# Every bench/bench_*.py; BENCH_ARGS="rus --output docs/bench-results.md" for one module / the committed table.
bench: setup
	DJANGO_SETTINGS_MODULE=planportal.settings.test $(PY) -m bench $(BENCH_ARGS)

# One archive of the database (pg_dump -Fc) and the uploaded files, with a manifest of row counts
# and checksums: backups/planportal-<UTC time>.tar (planportal/backup.py).
backup:
	$(PY) manage.py backup

# Restores FILE into the configured database and MEDIA_ROOT and checks it against its manifest;
# refuses a database with tables unless FORCE=1 (which empties it first).
restore:
	@if [ -z "$(FILE)" ]; then echo "Usage: make restore FILE=backups/planportal-<time>.tar [FORCE=1]"; exit 2; fi
	$(PY) manage.py restore "$(FILE)" $(if $(filter 1,$(FORCE)),--force)
