"""The Dagster code location: the dbt project as assets, the raw folder upstream of them, the export files and
the run log downstream; a sensor on the raw folder, a daily schedule, and a sensor alerting on failed runs.

Load it with `make orchestrate` (the UI on 127.0.0.1:3000) or `dagster dev -m drug_graph_orchestration.definitions`.
Settings come from the environment, as for `make run`: RAW_DATA_DIR, DUCKDB_PATH, OUTPUT_DIR (docs/operations.md).
"""

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagster import (
    AssetCheckEvaluation,
    AssetCheckResult,
    AssetExecutionContext,
    AssetKey,
    AssetMaterialization,
    AssetObservation,
    AssetSelection,
    AssetSpec,
    Config,
    DagsterRunStatus,
    DataVersion,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    Definitions,
    Failure,
    MaterializeResult,
    MetadataValue,
    ObserveResult,
    RunFailureSensorContext,
    RunRequest,
    RunsFilter,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    define_asset_job,
    multi_asset,
    observable_source_asset,
    run_failure_sensor,
    schedule,
    sensor,
)
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from drug_graph_orchestration import raw_folder
from drug_graph_orchestration.alerts import Alert, channel_from_env
from drug_graph_orchestration.monitor import review_build
from drug_graph_orchestration.warehouse_lock import warehouse_lock

REPO = Path(__file__).resolve().parents[2]
MANIFEST_TARGET = Path(os.environ.get("DRUG_GRAPH_MANIFEST_DIR", REPO / "orchestration" / "target"))
DBT_EXECUTABLE = Path(sys.executable).with_name("dbt")

RAW_FILES = AssetKey("raw_files")
RUN_LOG = AssetKey("run_log")
GRAPH_EXPORT_MODEL = AssetKey("graph_export_files")
JSON_GRAPH = AssetKey("drug_graph_json_file")
PARQUET_GRAPH = AssetKey("graph_parquet_files")
BUILD_JOB = "drug_graph_build"
# Every run writing the warehouse carries this tag; the instance (orchestration/dagster.yaml) runs one at a time.
WAREHOUSE_TAG = "drug_graph/warehouse"
FULL_REFRESH_TAG = "drug_graph/full_refresh_reason"
AUTOMATION_ON = os.environ.get("DRUG_GRAPH_AUTOMATION", "on") != "off"


@dataclass(frozen=True)
class Settings:
    """Where the pipeline reads and writes, from the same environment variables as `make run`."""

    raw_dir: Path
    database: Path
    output_dir: Path

    @classmethod
    def from_env(cls) -> "Settings":
        def path(name: str, default: str) -> Path:
            value = Path(os.environ.get(name) or default)
            return value if value.is_absolute() else REPO / value

        return cls(
            raw_dir=path("RAW_DATA_DIR", "data/sample"),
            database=path("DUCKDB_PATH", "target/drug_graph.duckdb"),
            output_dir=path("OUTPUT_DIR", "output"),
        )

    @property
    def state_dir(self) -> Path:
        """dbt's target folder for the orchestrated builds of this warehouse: kept from run to run, so that the
        last build's run_results.json lets the next run resume it (`dbt retry`)."""
        return self.database.with_name(self.database.stem + "_dbt_state")


def prepare_manifest() -> Path:
    """dbt's manifest, parsed again when a project file is newer than it (the assets are read from it)."""
    manifest = MANIFEST_TARGET / "manifest.json"
    sources = [REPO / "dbt_project.yml", *(
        path for folder in ("models", "macros", "seeds", "tests", "analyses")
        for path in (REPO / folder).rglob("*") if path.is_file()
    )]
    if not manifest.exists() or max(path.stat().st_mtime for path in sources) > manifest.stat().st_mtime:
        env = {**os.environ, "DBT_PROFILES_DIR": str(REPO), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        subprocess.run(
            [str(DBT_EXECUTABLE), "parse", "--quiet", "--target-path", str(MANIFEST_TARGET),
             "--log-path", str(MANIFEST_TARGET / "logs")],
            cwd=REPO, env=env, check=True,
        )
    return manifest


class DrugGraphTranslator(DagsterDbtTranslator):
    """Every raw table is one upstream asset, the raw folder; a model or seed is its name (dbt's names are unique;
    the layer's schema is the group's business, not the key's); sales models and seeds form their own group."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return RUN_LOG if dbt_resource_props["source_name"] == "operations" else RAW_FILES
        return AssetKey(dbt_resource_props["name"])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "sales" if "sales" in dbt_resource_props["fqn"] else "drug_graph"


TRANSLATOR = DrugGraphTranslator(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))


class BuildConfig(Config):
    """`full_refresh`: start over from the files present (`dbt build --full-refresh`), with `reason` in the log.
    `resume`: resume the last build where it failed (`dbt retry`); a re-execution of a failed run does it too."""

    full_refresh: bool = False
    reason: str = ""
    resume: bool = False


@observable_source_asset(key=RAW_FILES, group_name="raw", description=(
    "The raw files of RAW_DATA_DIR (drugs, PubMed, clinical trials). Its data version is the folder's state;"
    " the build records the sources' freshness (`dbt source freshness`) on it."
))
def raw_files() -> ObserveResult:
    files = raw_folder.scan(Settings.from_env().raw_dir)
    return ObserveResult(
        data_version=DataVersion(raw_folder.fingerprint(files)),
        metadata={"files": len(files), "bytes": sum(size for size, _ in files.values())},
    )


run_log = AssetSpec(
    RUN_LOG, group_name="operations", description=(
        "The run log in the warehouse (source operations.run_log): one row per build, appended by the build's"
        " on-run-end hook. Each orchestrated build records its row here as metadata."
    ),
)


def dbt_log_size(state_dir: Path) -> int:
    log = state_dir / "dbt.log"
    return log.stat().st_size if log.exists() else 0


def dbt_log_since(state_dir: Path, offset: int) -> str:
    log = state_dir / "dbt.log"
    if not log.exists():
        return ""
    with log.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode("utf-8", errors="replace")


def previous_build_failed(state_dir: Path) -> bool:
    """Whether the last build of this warehouse ended with failed or skipped nodes (what `dbt retry` resumes)."""
    results = state_dir / "run_results.json"
    if not results.exists():
        return False
    document = json.loads(results.read_text(encoding="utf-8"))
    if document.get("args", {}).get("which") not in ("build", "retry"):
        return False
    return any(result["status"] in ("error", "fail", "skipped", "runtime error") for result in document["results"])


def check_freshness(context: AssetExecutionContext, dbt: DbtCliResource, settings: Settings) -> Path | None:
    """`dbt source freshness` on the raw files, recorded on the raw folder asset. It writes sources.json, not
    run_results.json: the last build's results stay for `dbt retry`."""
    target = settings.state_dir
    invocation = dbt.cli(["source", "freshness"], target_path=target, raise_on_error=False)
    invocation.wait()
    sources = target / "sources.json"
    if not invocation.is_successful() and not sources.exists():
        context.log.warning("dbt source freshness did not run to its end: " + str(invocation.get_error()))
        return None
    for result in json.loads(sources.read_text(encoding="utf-8"))["results"]:
        context.log_event(AssetObservation(asset_key=RAW_FILES, metadata={
            "freshness_status": result["status"],
            "newest_file_modified_at": str(result.get("max_loaded_at")),
            "age_hours": round((result.get("max_loaded_at_time_ago_in_s") or 0) / 3600, 2),
            "source": result["unique_id"],
        }))
    return sources


def as_asset_events(events: Iterator[Any]) -> Iterator[Any]:
    """dbt's events for a command run without the op's selection (`dbt retry` takes none), as the op's results."""
    for event in events:
        if isinstance(event, AssetMaterialization):
            yield MaterializeResult(asset_key=event.asset_key, metadata=event.metadata)
        elif isinstance(event, AssetCheckEvaluation):
            yield AssetCheckResult(
                asset_key=event.asset_key, check_name=event.check_name, passed=event.passed,
                severity=event.severity, metadata=event.metadata,
            )
        else:
            yield event


@dbt_assets(manifest=prepare_manifest(), dagster_dbt_translator=TRANSLATOR, name="drug_graph_dbt",
            op_tags={WAREHOUSE_TAG: "duckdb"})
def drug_graph_dbt(context: AssetExecutionContext, dbt: DbtCliResource, config: BuildConfig) -> Iterator[Any]:
    """One `dbt build` of the whole project (or `dbt retry` of the last one), holding the warehouse's lock."""
    settings = Settings.from_env()
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    with warehouse_lock(settings.database, f"Dagster run {context.run_id}", context.log.info):
        freshness = check_freshness(context, dbt, settings)
        resume = (config.resume or context.run.parent_run_id is not None) and previous_build_failed(settings.state_dir)
        full_refresh, reason = config.full_refresh, config.reason
        if resume:
            context.log.info("Resuming the last build where it stopped: dbt retry.")
        for attempt in ("first", "full refresh"):
            offset = dbt_log_size(settings.state_dir)
            if resume:
                invocation = dbt.cli(["retry"], manifest=prepare_manifest(), dagster_dbt_translator=TRANSLATOR,
                                     target_path=settings.state_dir, raise_on_error=False)
                yield from as_asset_events(invocation.stream())
            else:
                if full_refresh:
                    context.log.info(f"Full refresh: {reason or 'asked in the run config'}.")
                    context.instance.add_run_tags(context.run_id, {FULL_REFRESH_TAG: reason or "run config"})
                # The unit tests run in `make test`, not in production builds (scripts/run_job.sh).
                args = ["build", "--exclude-resource-type", "unit_test", *(["--full-refresh"] if full_refresh else [])]
                invocation = dbt.cli(args, context=context, target_path=settings.state_dir, raise_on_error=False)
                yield from invocation.stream()
            log_text = dbt_log_since(settings.state_dir, offset)
            needs_refresh = "Raw files differ from the ones already loaded" in log_text
            if invocation.is_successful() or full_refresh or resume or not needs_refresh or attempt != "first":
                break
            # The drug list changed (a drugs file changed, vanished or came): the incremental build stopped before
            # building anything. A corrected or withdrawn publication file does not stop it.
            full_refresh, reason = True, "the drug list changed (dbt asked for --full-refresh)"
            context.log.warning(f"The build stopped: {reason}; building again with --full-refresh.")
        failure = None if invocation.is_successful() else f"dbt {'retry' if resume else 'build'} failed."
        review = review_build(
            settings.database, settings.state_dir, settings.output_dir,
            freshness_path=freshness, failure=failure,
        )
    metadata: dict[str, Any] = {"report": MetadataValue.path(str(review.report_path or ""))}
    if review.run is not None:
        metadata.update({key: (str(value) if not isinstance(value, int | float | bool) or value is None else value)
                         for key, value in review.run.items()})
    metadata["alerts"] = MetadataValue.json([json.loads(alert.to_json()) for alert in review.alerts])
    context.log_event(AssetObservation(asset_key=RUN_LOG, metadata=metadata))
    if failure:
        raise Failure(description=failure + " " + "; ".join(alert.message for alert in review.alerts),
                      metadata={"run_id": str((review.run or {}).get("run_id"))})


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@multi_asset(
    specs=[
        AssetSpec(JSON_GRAPH, deps=[GRAPH_EXPORT_MODEL], group_name="exports", description=(
            "OUTPUT_DIR/drug_graph.json, the graph in node-link form, written by the dbt model graph_export_files;"
            " this asset records its size, lines and checksum.")),
        AssetSpec(PARQUET_GRAPH, deps=[GRAPH_EXPORT_MODEL], group_name="exports", description=(
            "OUTPUT_DIR/graph_nodes/*.parquet and graph_edges/*.parquet, one file per export part, written by"
            " graph_export_files; this asset records the files and their size.")),
    ],
    op_tags={WAREHOUSE_TAG: "duckdb"},
)
def graph_export_files_on_disk() -> Iterator[MaterializeResult]:
    output_dir = Settings.from_env().output_dir
    graph = output_dir / "drug_graph.json"
    if not graph.exists():
        raise Failure(f"{graph} is missing: the graph_export_files model did not write it.")
    with graph.open("rb") as handle:
        lines = sum(1 for _ in handle)
    yield MaterializeResult(asset_key=JSON_GRAPH, metadata={
        "path": MetadataValue.path(str(graph)), "bytes": graph.stat().st_size, "lines": lines,
        "sha256": file_digest(graph),
    })
    parts = {kind: sorted((output_dir / f"graph_{kind}").glob("*.parquet")) for kind in ("nodes", "edges")}
    yield MaterializeResult(asset_key=PARQUET_GRAPH, metadata={
        "node_files": len(parts["nodes"]), "edge_files": len(parts["edges"]),
        "bytes": sum(path.stat().st_size for files in parts.values() for path in files),
        "folder": MetadataValue.path(str(output_dir)),
    })


build_job = define_asset_job(
    BUILD_JOB,
    selection=AssetSelection.assets(drug_graph_dbt, graph_export_files_on_disk),
    tags={WAREHOUSE_TAG: "duckdb"},
    description="The whole build: dbt build (every model, seed and test), then the export files recorded.",
)


def active_build(instance: Any) -> str | None:
    """The id of a build queued or running on the warehouse, if any."""
    runs = instance.get_runs(
        RunsFilter(job_name=BUILD_JOB, statuses=[
            DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
            DagsterRunStatus.STARTED,
        ]),
        limit=1,
    )
    return runs[0].run_id if runs else None


@sensor(job=build_job, minimum_interval_seconds=30,
        default_status=DefaultSensorStatus.RUNNING if AUTOMATION_ON else DefaultSensorStatus.STOPPED,
        description="Watches RAW_DATA_DIR: new, corrected or withdrawn files start one incremental build (files"
                    " landing together, one build); a drugs file changed, withdrawn or added starts a full refresh,"
                    " saying why; nothing new, nothing.")
def raw_files_sensor(context: SensorEvaluationContext) -> SensorResult | SkipReason:
    settings = Settings.from_env()
    current = raw_folder.scan(settings.raw_dir)
    first_look = context.cursor is None
    previous = json.loads(context.cursor) if context.cursor else {}
    changes = raw_folder.compare(previous, current)
    if not changes.any:
        return SkipReason(f"No new, changed or withdrawn raw file in {settings.raw_dir}.")
    running = active_build(context.instance)
    if running:
        # The cursor stays: the next evaluation after that build sees these files again.
        return SkipReason(f"Build {running} is still writing the warehouse (DuckDB has one writer); the raw files"
                          f" seen ({changes.describe()}) will start the next build once it ends.")
    reason = changes.full_refresh_reason(first_look)
    tags = {"drug_graph/raw_changes": changes.describe()[:200]}
    if reason:
        tags[FULL_REFRESH_TAG] = reason[:200]
    return SensorResult(
        run_requests=[RunRequest(
            run_key=raw_folder.fingerprint(current),
            run_config={"ops": {"drug_graph_dbt": {"config": {"full_refresh": bool(reason), "reason": reason or ""}}}},
            tags=tags,
        )],
        cursor=json.dumps(current, sort_keys=True),
    )


@schedule(job=build_job, cron_schedule="0 5 * * *", execution_timezone="UTC",
          default_status=DefaultScheduleStatus.RUNNING if AUTOMATION_ON else DefaultScheduleStatus.STOPPED,
          description="Daily build at 05:00 UTC, whether or not files arrived (it checks the sources' freshness).")
def daily_build(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
    running = active_build(context.instance)
    if running:
        return SkipReason(f"Build {running} is still writing the warehouse; the daily build is skipped today.")
    return RunRequest(run_key=f"daily-{context.scheduled_execution_time:%Y-%m-%d}", tags={"drug_graph/trigger": "daily"})


@run_failure_sensor(monitored_jobs=[build_job],
                    default_status=DefaultSensorStatus.RUNNING if AUTOMATION_ON else DefaultSensorStatus.STOPPED)
def build_failure_alert(context: RunFailureSensorContext) -> None:
    """A failed run (a dbt error, a failed test, a killed process) raises a `run_failed` alert."""
    channel = channel_from_env(Settings.from_env().output_dir)
    channel.send(Alert("run_failed", "error",
                       f"Dagster run {context.dagster_run.run_id} of {context.dagster_run.job_name} failed: "
                       f"{context.failure_event.message or 'see the run'}", context.dagster_run.run_id))


defs = Definitions(
    assets=[raw_files, run_log, drug_graph_dbt, graph_export_files_on_disk],
    jobs=[build_job],
    sensors=[raw_files_sensor, build_failure_alert],
    schedules=[daily_build],
    resources={"dbt": DbtCliResource(project_dir=str(REPO), profiles_dir=str(REPO), dbt_executable=str(DBT_EXECUTABLE))},
)
