# Two commands for a new machine (Python 3.11+, make, git): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Spark, BigQuery, Snowflake, Redshift and PostgreSQL adapters live apart, so that the default setup stays lean.
PVENV := .venv-portability
PBIN := $(PVENV)/bin
export DBT_PROFILES_DIR ?= $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS ?= false
export RAW_DATA_DIR ?= data/sample
export OUTPUT_DIR ?= output

.PHONY: run test setup setup-dev setup-portability docs clean bench

# `make bench PUBLICATIONS=37000000 DRUGS=10000 BENCH_FLAGS=--low-memory`
PUBLICATIONS ?= 1000000
DRUGS ?= 10000
PANDAS_PUBLICATIONS ?= 20000
BENCH_FLAGS ?=

run: setup ## Build everything on DuckDB (seeds, models, tests, export) and print a summary.
	DBT=$(BIN)/dbt scripts/run_job.sh

test: setup-dev setup-portability ## Every test: lint, the DuckDB job, Spark and PostgreSQL builds + comparison, offline BigQuery/Snowflake/Redshift checks.
	$(BIN)/ruff check tests bench scripts
	$(BIN)/hadolint Dockerfile
	DBT=$(BIN)/dbt scripts/run_job.sh
	$(BIN)/sqlfluff lint
	PORTABILITY_VENV=$(PVENV) $(BIN)/pytest -q tests/python

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

setup-portability: $(PVENV)/.installed

$(PVENV)/.installed: requirements.txt requirements-spark.txt requirements-bigquery.txt requirements-warehouses.txt
	$(PYTHON) -m venv $(PVENV)
	$(PBIN)/pip install --quiet --upgrade pip
	$(PBIN)/pip install --quiet -r requirements.txt -r requirements-spark.txt -r requirements-bigquery.txt \
		-r requirements-warehouses.txt
	touch $@

bench: setup-dev ## Generate data once, then measure the pipeline, the bare floor and pandas; results in bench/results/.
	$(BIN)/python bench/run_bench.py --publications $(PUBLICATIONS) --drugs $(DRUGS) \
		--pandas-publications $(PANDAS_PUBLICATIONS) $(BENCH_FLAGS)

docs: setup ## Generate the docs site and serve it on http://localhost:8080.
	$(BIN)/dbt docs generate
	$(BIN)/dbt docs serve --port 8080

clean:
	rm -rf target logs output bench/work
