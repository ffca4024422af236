#!/usr/bin/env sh
# The whole job: raw files -> seeds, models, tests -> JSON graph, then a summary of what was done.
# Runs from the project folder with dbt on PATH (or DBT pointing at it); used by `make run` and the Docker image.
set -eu
dbt=${DBT:-dbt}
"$dbt" build
"$dbt" run-operation print_summary --quiet
