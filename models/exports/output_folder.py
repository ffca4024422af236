"""The folder the exports are written to (OUTPUT_DIR), created when missing: one row naming it."""

from pathlib import Path


def model(dbt, session):
    dbt.config(materialized="table")
    output_dir = Path(dbt.config.get("output_dir")).resolve()
    output_dir.mkdir(parents=True, exist_ok=True)
    return session.sql("select ? as output_dir", params=[str(output_dir)])
