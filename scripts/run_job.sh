#!/usr/bin/env sh
# The whole job: raw files -> seeds, models, tests -> JSON graph, then a summary of what was done, the run's
# report (OUTPUT_DIR/reports/) and its alerts (docs/operations.md).
# Runs from the project folder with dbt on PATH (or DBT pointing at it) and a Python with duckdb (python3, or
# PYTHON pointing at it); used by `make run` and the Docker image.
set -eu
dbt=${DBT:-dbt}
python=${PYTHON:-python3}
orchestration="$(dirname "$0")/../orchestration"
# The build's run log row (written by its on-run-end hook) gives the report and the alerts, failed runs included;
# read right after the build, whose run_results.json names the row.
review() {
    PYTHONPATH="$orchestration${PYTHONPATH:+:$PYTHONPATH}" "$python" -m drug_graph_orchestration.monitor "$@"
}
status=0
"$dbt" build || status=$?
if [ "$status" -ne 0 ]; then
    review --failure "dbt build exited with status $status."
    exit "$status"
fi
reviewed=$(review)
"$dbt" run-operation print_summary --quiet
printf '%s\n' "$reviewed"
