# The drug mention graph job: `docker run` builds everything on the embedded DuckDB.
#   docker build -t drug-graph .
#   docker run --rm -v "$PWD/my_raw_files:/data/raw:ro" -v "$PWD/output:/data/output" drug-graph
FROM python:3.11-slim-bookworm

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

RUN useradd --create-home --uid 10001 pipeline \
    && mkdir -p /data/output /tmp/drug_graph \
    && chown -R pipeline:pipeline /app /data/output /tmp/drug_graph

USER 10001:10001

ENTRYPOINT ["/app/scripts/run_job.sh"]
