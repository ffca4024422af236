#!/usr/bin/env sh
# The whole job: raw files -> seeds, models, tests -> JSON graph, then a summary of what was done.
# Runs from the project folder with dbt on PATH (or DBT pointing at it); used by `make run` and the Docker image.
set -eu
dbt=${DBT:-dbt}
# The transactions seed types both spellings of its product column as text (`prod_id`, `prop_id`); the one the
# file lacks makes agate warn that it names no column. That warning, and only it, is silenced.
export PYTHONWARNINGS="${PYTHONWARNINGS:+$PYTHONWARNINGS,}ignore::RuntimeWarning:agate.type_tester"
# FULL_REFRESH=1 (or true/yes): build every table again from the files present, as `dbt build --full-refresh`.
case "${FULL_REFRESH:-}" in
    1 | true | yes) "$dbt" build --full-refresh ;;
    "" | 0 | false | no) "$dbt" build ;;
    *) echo "FULL_REFRESH='${FULL_REFRESH}': expected 1 (rebuild everything) or nothing" >&2; exit 2 ;;
esac
"$dbt" run-operation print_summary --quiet
