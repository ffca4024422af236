#!/usr/bin/env sh
# The whole job: raw files -> seeds, models, tests -> JSON graph, then a summary of what was done, the run's
# report (OUTPUT_DIR/reports/) and its alerts (docs/operations.md).
# Runs from the project folder with dbt on PATH (or DBT pointing at it) and a Python with duckdb (python3, or
# PYTHON pointing at it); used by `make run` and the Docker image.
set -eu
dbt=${DBT:-dbt}
# The transactions seed types both spellings of its product column as text (`prod_id`, `prop_id`); the one the
# file lacks makes agate warn that it names no column. That warning, and only it, is silenced.
export PYTHONWARNINGS="${PYTHONWARNINGS:+$PYTHONWARNINGS,}ignore::RuntimeWarning:agate.type_tester"
python=${PYTHON:-python3}
orchestration="$(dirname "$0")/../orchestration"
# The build's run log row (written by its on-run-end hook) gives the report and the alerts, failed runs included;
# read right after the build, whose run_results.json names the row.
review() {
    PYTHONPATH="$orchestration${PYTHONPATH:+:$PYTHONPATH}" "$python" -m drug_graph_orchestration.monitor "$@"
}
# FULL_REFRESH=1 (or true/yes): build every table again from the files present, as `dbt build --full-refresh`.
case "${FULL_REFRESH:-}" in
    1 | true | yes) full_refresh=--full-refresh ;;
    "" | 0 | false | no) full_refresh= ;;
    *) echo "FULL_REFRESH='${FULL_REFRESH}': expected 1 (rebuild everything) or nothing" >&2; exit 2 ;;
esac
status=0
# Unit tests check the models' SQL on fixed fixtures: `make test` runs them, not every production build (dbt's
# advice); the data tests do run, on the data.
# shellcheck disable=SC2086 # full_refresh is one flag or nothing
"$dbt" build --exclude-resource-type unit_test $full_refresh || status=$?
if [ "$status" -ne 0 ]; then
    review --failure "dbt build exited with status $status."
    exit "$status"
fi
reviewed=$(review)
"$dbt" run-operation print_summary --quiet
printf '%s\n' "$reviewed"
