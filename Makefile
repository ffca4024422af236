# Two commands for a new machine (Python 3.11+, make, git): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR ?= $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS ?= false
export RAW_DATA_DIR ?= data/sample
export OUTPUT_DIR ?= output

.PHONY: run test setup setup-dev docs clean

run: setup ## Build everything on DuckDB (seeds, models, tests, export) and print a summary.
	DBT=$(BIN)/dbt scripts/run_job.sh

test: setup-dev ## Every test: lint, the whole job with its dbt tests, end-to-end pytest.
	$(BIN)/ruff check tests bench
	$(BIN)/hadolint Dockerfile
	DBT=$(BIN)/dbt scripts/run_job.sh
	$(BIN)/sqlfluff lint
	$(BIN)/pytest -q tests/python

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

docs: setup ## Generate the docs site and serve it on http://localhost:8080.
	$(BIN)/dbt docs generate
	$(BIN)/dbt docs serve --port 8080

clean:
	rm -rf target logs output
