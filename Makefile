# Two commands for a new machine (Python 3.11+, make, git): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Spark, BigQuery, Snowflake, Redshift and PostgreSQL adapters live apart, so that the default setup stays lean.
PVENV := .venv-portability
PBIN := $(PVENV)/bin
# Dagster and dagster-dbt (the orchestrator), and the deployment checks (kubernetes-validate, checkov), apart too.
OVENV := .venv-orchestration
OBIN := $(OVENV)/bin
DVENV := .venv-deploy
DBIN := $(DVENV)/bin
ORCHESTRATE_PORT ?= 3000
export DAGSTER_HOME ?= $(CURDIR)/.dagster
export DBT_PROFILES_DIR ?= $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS ?= false
export RAW_DATA_DIR ?= data/sample
export OUTPUT_DIR ?= output
# `make run FULL_REFRESH=1` builds every table again from the files present (`dbt build --full-refresh`).
export FULL_REFRESH ?=
# The lowest dbt-score (model, source and macro metadata: descriptions, owners, tests) `make test` accepts.
DBT_SCORE_MINIMUM ?= 9.5

.PHONY: run test setup setup-dev setup-portability setup-orchestration setup-deploy chromium orchestrate docs clean bench fuzz

# `make bench PUBLICATIONS=37000000 DRUGS=10000 BENCH_FLAGS=--low-memory`
PUBLICATIONS ?= 1000000
DRUGS ?= 10000
PANDAS_PUBLICATIONS ?= 20000
BENCH_FLAGS ?=

run: setup ## Build everything on DuckDB (seeds, models, tests, export) and print a summary; FULL_REFRESH=1 starts over.
	DBT=$(BIN)/dbt PYTHON=$(BIN)/python scripts/run_job.sh

test: setup-dev setup-portability setup-orchestration setup-deploy chromium ## Every test: lint, the DuckDB job, docs and metadata, Spark and PostgreSQL builds + comparison, offline BigQuery/Snowflake/Redshift checks, the orchestrator and its deployment.
	$(BIN)/ruff check python tests bench scripts orchestration
	$(BIN)/hadolint Dockerfile
	DBT=$(BIN)/dbt PYTHON=$(BIN)/python scripts/run_job.sh
	$(BIN)/dbt test --resource-type unit_test
	$(BIN)/dbt docs generate
	$(BIN)/dbt-score lint --fail-project-under $(DBT_SCORE_MINIMUM) --fail-any-item-under 8
	$(BIN)/sqlfluff lint
	PORTABILITY_VENV=$(PVENV) DEPLOY_VENV=$(DVENV) $(BIN)/pytest -q tests/python --ignore=tests/python/orchestration
	PYTHONPATH=$(CURDIR)/orchestration $(OBIN)/pytest -q tests/python/orchestration

orchestrate: setup-orchestration ## The Dagster UI on http://127.0.0.1:3000 with the project loaded (sensor and daily schedule on).
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	PYTHONPATH=$(CURDIR)/orchestration $(OBIN)/dagster dev -h 127.0.0.1 -p $(ORCHESTRATE_PORT) \
		-m drug_graph_orchestration.definitions

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup-portability: $(PVENV)/.installed

$(PVENV)/.installed: requirements.txt requirements-spark.txt requirements-bigquery.txt requirements-warehouses.txt pyproject.toml
	$(PYTHON) -m venv $(PVENV)
	$(PBIN)/pip install --quiet --upgrade pip
	$(PBIN)/pip install --quiet -r requirements.txt -r requirements-spark.txt -r requirements-bigquery.txt \
		-r requirements-warehouses.txt
	$(PBIN)/pip install --quiet --no-deps -e .
	touch $@

setup-orchestration: $(OVENV)/.installed

$(OVENV)/.installed: requirements.txt requirements-orchestration.txt pyproject.toml
	$(PYTHON) -m venv $(OVENV)
	$(OBIN)/pip install --quiet --upgrade pip
	$(OBIN)/pip install --quiet -r requirements-orchestration.txt
	$(OBIN)/pip install --quiet --no-deps -e .
	touch $@

setup-deploy: $(DVENV)/.installed

$(DVENV)/.installed: requirements-deploy.txt
	$(PYTHON) -m venv $(DVENV)
	$(DBIN)/pip install --quiet --upgrade pip
	$(DBIN)/pip install --quiet -r requirements-deploy.txt
	touch $@

# The UI test screenshots the Dagster UI with Debian's headless Chromium.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

bench: setup-dev ## Generate data once, then measure the pipeline, the bare floor and pandas; results in bench/results/.
	$(BIN)/python bench/run_bench.py --publications $(PUBLICATIONS) --drugs $(DRUGS) \
		--pandas-publications $(PANDAS_PUBLICATIONS) $(BENCH_FLAGS)

# `make fuzz FUZZ_CASES=200 FUZZ_SEED=1234 FUZZ_TRAPS=late_quotes,invalid_utf8` (FUZZ_TRAPS: names, `loader`, `all`)
FUZZ_CASES ?= 200
ifeq ($(origin FUZZ_SEED), undefined)
FUZZ_SEED := $(shell date +%s)
endif
FUZZ_TRAPS ?= loader

fuzz: setup-dev ## The differential fuzz test, long: FUZZ_CASES random raw folders from FUZZ_SEED (default: the clock) through the pipeline and the reference.
	@echo "fuzz: $(FUZZ_CASES) cases from seed $(FUZZ_SEED), traps: $(or $(FUZZ_TRAPS),none)"
	FUZZ_CASES=$(FUZZ_CASES) FUZZ_SEED=$(FUZZ_SEED) FUZZ_TRAPS=$(FUZZ_TRAPS) \
		$(BIN)/pytest -q -rf tests/python/test_differential_fuzz.py -k test_pipeline_agrees_with_reference

docs: setup ## Generate the docs site and serve it on http://localhost:8080.
	$(BIN)/dbt docs generate
	$(BIN)/dbt docs serve --port 8080

clean:
	rm -rf target logs output bench/work orchestration/target .dagster
