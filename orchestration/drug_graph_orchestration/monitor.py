"""After a build: read its run log row, raise the alerts it calls for, write its report.

Used by the Dagster build asset and by `scripts/run_job.sh` (`make run`, the Docker job), so that a run by hand
and an orchestrated run are watched the same way. Plain Python and DuckDB, no Dagster:

    python -m drug_graph_orchestration.monitor --database target/drug_graph.duckdb --target-path target \
        --output-dir output [--freshness target/sources.json]

Relations are found in dbt's manifest (schema and name of each model and of the run log source), not written
here, so that moving models between schemas needs no change.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from drug_graph_orchestration.alerts import Alert, AlertChannel, channel_from_env
from drug_graph_orchestration.report import write_report

LOG = logging.getLogger("drug_graph.monitor")
DEFAULT_REJECTED_SHARE = 0.25


@dataclass
class Thresholds:
    """`rejected_share`: alert when a run rejects more than this share of the rows it read
    (ALERT_REJECTED_SHARE, default 0.25)."""

    rejected_share: float = DEFAULT_REJECTED_SHARE

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Thresholds:
        env = dict(os.environ) if env is None else env
        text = env.get("ALERT_REJECTED_SHARE", "").strip()
        if not text:
            return cls()
        try:
            share = float(text)
        except ValueError:
            raise ValueError(f"ALERT_REJECTED_SHARE must be a number between 0 and 1, got {text!r}") from None
        if not 0 <= share <= 1:
            raise ValueError(f"ALERT_REJECTED_SHARE must be a number between 0 and 1, got {text!r}")
        return cls(rejected_share=share)


@dataclass
class BuildReview:
    """What `review_build` found: the run's row of the run log (None when the run stopped before its end),
    the previous run's, the freshness results, the alerts raised and the report written."""

    run: dict[str, Any] | None
    previous: dict[str, Any] | None
    freshness: list[dict[str, Any]]
    alerts: list[Alert] = field(default_factory=list)
    report_path: Path | None = None


def relations(manifest_path: Path) -> dict[str, str]:
    """`schema.identifier` of each model of the project, and of the run log (key `run_log`), from the manifest
    (none when dbt stopped before writing one)."""
    if not manifest_path.is_file():
        return {}
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] in ("model", "seed"):
            found[node["name"]] = f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'
    for source in manifest["sources"].values():
        if source["source_name"] == "operations" and source["name"] == "run_log":
            found["run_log"] = f'"{source["schema"]}"."{source.get("identifier") or source["name"]}"'
    return found


def read_freshness(path: Path | None) -> list[dict[str, Any]]:
    """The results of `dbt source freshness` (its sources.json), or [] when it did not run."""
    if path is None or not path.is_file():
        return []
    return [
        {
            "source": result["unique_id"].removeprefix("source."),
            "status": result["status"],
            "max_loaded_at": result.get("max_loaded_at"),
            "age_hours": round(result["max_loaded_at_time_ago_in_s"] / 3600, 1)
            if result.get("max_loaded_at_time_ago_in_s") is not None
            else None,
            "criteria": result.get("criteria"),
        }
        for result in json.loads(path.read_text(encoding="utf-8"))["results"]
    ]


def invocation_id(run_results_path: Path) -> str | None:
    """dbt's invocation id in a run_results.json (the run log's run_id), or None."""
    if not run_results_path.is_file():
        return None
    return json.loads(run_results_path.read_text(encoding="utf-8"))["metadata"]["invocation_id"]


def read_run_log(database: Path, names: dict[str, str], run_id: str | None) -> tuple[dict | None, dict | None]:
    """The run's row of the run log (the latest when `run_id` is None) and the row of the run before it."""
    if "run_log" not in names or not database.is_file():
        return None, None
    with duckdb.connect(str(database), read_only=True) as connection:
        exists = connection.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [part.strip('"') for part in names["run_log"].split(".")],
        ).fetchone()[0]
        if not exists:
            return None, None
        cursor = connection.execute(f"select * from {names['run_log']} order by started_at, ended_at")
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    if not rows:
        return None, None
    position = len(rows) - 1
    if run_id is not None:
        matches = [index for index, row in enumerate(rows) if row["run_id"] == run_id]
        if not matches:
            return None, rows[-1]
        position = matches[0]
    return rows[position], (rows[position - 1] if position > 0 else None)


def alerts_for(
    run: dict[str, Any] | None,
    freshness: list[dict[str, Any]],
    thresholds: Thresholds,
    run_id: str | None = None,
    failure: str | None = None,
) -> list[Alert]:
    """The alert rules: a failed run, a failed test, a stale source, a jump in rejected rows."""
    found: list[Alert] = []
    if run is None:
        found.append(Alert(
            "run_failed", "error",
            "The build stopped before its end (no run log row): " + (failure or "see the run's log."),
            run_id,
        ))
    else:
        run_id = run["run_id"]
        errored = run["nodes_failed"] - run["test_failures"]
        if errored > 0 or failure:
            found.append(Alert(
                "run_failed", "error",
                f"The build failed: {errored} node(s) errored, {run['nodes_skipped']} skipped."
                + (f" {failure}" if failure else ""),
                run_id, {"nodes_failed": errored, "nodes_skipped": run["nodes_skipped"]},
            ))
        if run["test_failures"] > 0:
            found.append(Alert(
                "test_failed", "error", f"{run['test_failures']} test(s) failed.", run_id,
                {"test_failures": run["test_failures"]},
            ))
        rows_read, rejected = run["rows_read"] or 0, run["rows_rejected"] or 0
        if rows_read > 0 and rejected / rows_read > thresholds.rejected_share:
            found.append(Alert(
                "rejected_rows_jump", "warning",
                f"The run rejected {rejected} of the {rows_read} rows it read ({rejected / rows_read:.0%}),"
                f" more than {thresholds.rejected_share:.0%}: see dq_rejected_rows.",
                run_id,
                {"rows_read": rows_read, "rows_rejected": rejected, "threshold": thresholds.rejected_share},
            ))
    for result in freshness:
        if result["status"] != "pass":
            found.append(Alert(
                "source_stale", "error" if result["status"] in ("error", "runtime error") else "warning",
                f"Source {result['source']} is stale ({result['status']}): newest file modified"
                f" {result['age_hours']} h ago ({result['max_loaded_at']}).",
                run_id, result,
            ))
    return found


def review_build(
    database: Path,
    target_path: Path,
    output_dir: Path,
    *,
    run_id: str | None = None,
    freshness_path: Path | None = None,
    channel: AlertChannel | None = None,
    thresholds: Thresholds | None = None,
    failure: str | None = None,
) -> BuildReview:
    """Reads the build's run log row, sends its alerts through `channel`, writes its report."""
    names = relations(target_path / "manifest.json")
    run_id = run_id or invocation_id(target_path / "run_results.json")
    run, previous = read_run_log(database, names, run_id)
    freshness = read_freshness(freshness_path)
    review = BuildReview(run, previous, freshness)
    review.alerts = alerts_for(run, freshness, thresholds or Thresholds.from_env(), run_id, failure)
    channel = channel or channel_from_env(output_dir)
    for alert in review.alerts:
        channel.send(alert)
    if run is not None:
        review.report_path = write_report(database, names, run, previous, freshness, review.alerts, output_dir)
    return review


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path(os.environ.get("DUCKDB_PATH", "target/drug_graph.duckdb")))
    parser.add_argument("--target-path", type=Path, default=Path(os.environ.get("DBT_TARGET_PATH", "target")))
    parser.add_argument("--output-dir", type=Path, default=Path(os.environ.get("OUTPUT_DIR", "output")))
    parser.add_argument("--freshness", type=Path, help="sources.json of a `dbt source freshness` run")
    parser.add_argument("--failure", help="why the build failed, when it did")
    parser.add_argument("--run-id", help="the build's dbt invocation id (default: the target path's run_results.json)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="  %(message)s", stream=sys.stdout)
    review = review_build(
        args.database, args.target_path, args.output_dir,
        run_id=args.run_id, freshness_path=args.freshness, failure=args.failure or None,
    )
    if review.report_path is not None:
        print(f"  run report:            {review.report_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
