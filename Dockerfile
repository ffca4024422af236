# The drug mention graph job: `docker run` builds everything on the embedded DuckDB.
#   docker build -t drug-graph .
#   docker run --rm -v "$PWD/my_raw_files:/data/raw:ro" -v "$PWD/output:/data/output" drug-graph
# The Dagster code location (deploy/kubernetes/) is the `orchestration` stage of the same file:
#   docker build --target orchestration -t drug-graph-orchestration .
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DBT_PROFILES_DIR=/app \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    DUCKDB_PATH=/tmp/drug_graph/drug_graph.duckdb \
    RAW_DATA_DIR=/data/raw \
    OUTPUT_DIR=/data/output

WORKDIR /app

COPY requirements.txt pyproject.toml ./
COPY python ./python
RUN pip install --no-cache-dir -r requirements.txt \
    && pip install --no-cache-dir --no-deps -e .

COPY dbt_project.yml profiles.yml selectors.yml ./
COPY models ./models
COPY macros ./macros
COPY analyses ./analyses
COPY seeds ./seeds
COPY tests ./tests
COPY schemas ./schemas
COPY data/sample /data/raw
COPY scripts/run_job.sh ./scripts/run_job.sh
COPY orchestration/drug_graph_orchestration ./orchestration/drug_graph_orchestration

RUN useradd --create-home --uid 10001 pipeline \
    && mkdir -p /data/output /tmp/drug_graph \
    && chown -R pipeline:pipeline /app /data/output /tmp/drug_graph

# The Dagster code location: `dagster api grpc` serves the definitions to the webserver and the daemon.
FROM base AS orchestration
ENV PYTHONPATH=/app/orchestration \
    DRUG_GRAPH_MANIFEST_DIR=/app/orchestration/target \
    DAGSTER_HOME=/tmp/dagster_home
COPY requirements-orchestration.txt ./
# The dbt manifest the assets are read from is parsed once, into the image.
RUN pip install --no-cache-dir -r requirements-orchestration.txt \
    && python -c "from drug_graph_orchestration.definitions import prepare_manifest; prepare_manifest()" \
    && chown -R pipeline:pipeline /app/orchestration
USER 10001:10001
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=10s CMD ["dagster", "api", "grpc-health-check", "-p", "4000"]
ENTRYPOINT ["dagster", "api", "grpc", "-h", "0.0.0.0", "-p", "4000", "-m", "drug_graph_orchestration.definitions"]

# The job (the default target): `make run` in a container.
FROM base AS job
USER 10001:10001
# checkov:skip=CKV_DOCKER_2: a one-shot batch job (it exits when the build ends), not a service to probe.
ENTRYPOINT ["/app/scripts/run_job.sh"]
