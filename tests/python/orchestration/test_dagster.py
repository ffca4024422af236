"""The Dagster code location run in-process: the build job, resuming a failed build, the sensor on the raw
folder, the daily schedule and the one-writer rule."""

import json
import shutil
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import export_files
from dagster import (
    DagsterInstance,
    DagsterRunStatus,
    ReexecutionOptions,
    RunRequest,
    SensorResult,
    SkipReason,
    build_run_status_sensor_context,
    build_schedule_context,
    build_sensor_context,
    execute_job,
    reconstructable,
)
from dagster._core.storage.dagster_run import DagsterRun
from drug_graph_orchestration import definitions
from drug_graph_orchestration.definitions import (
    BUILD_JOB,
    FULL_REFRESH_TAG,
    build_failure_alert,
    daily_build,
    defs,
    raw_files_sensor,
)
from drug_graph_orchestration.warehouse_lock import WarehouseBusy, warehouse_lock
from orchestration_helpers import pipeline_env  # noqa: F401 (fixture)


def build_job():
    return defs.get_job_def(BUILD_JOB)


IN_PROCESS = {"execution": {"config": {"in_process": {}}}}


def run_log(database: Path) -> list[dict]:
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute("select * from operations.run_log order by started_at")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_definitions_hold_every_dbt_node_test_and_the_automation() -> None:
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    manifest = json.loads(definitions.prepare_manifest().read_text(encoding="utf-8"))
    nodes = [node for node in manifest["nodes"].values() if node["resource_type"] in ("model", "seed", "snapshot")]
    assert {node["name"] for node in nodes} <= keys
    assert {"raw_files", "run_log", "drug_graph_json_file", "graph_parquet_files"} <= keys
    # dagster-dbt checks an asset with each test of that one node: the generic tests, and the singular tests with
    # one parent (sales_unknown_products_in_period, on int_sales_order_lines_in_period)
    tests = [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]
    checks = [node for node in tests if node.get("attached_node") or len(node["depends_on"]["nodes"]) == 1]
    assert len(list(repository.asset_graph.asset_check_keys)) == len(checks) > 100
    assert "sales_unknown_products_in_period" in {node["name"] for node in checks}
    groups = {key.to_user_string(): repository.asset_graph.get(key).group_name for key in repository.asset_graph.get_all_asset_keys()}
    assert {groups[name] for name in ("transactions", "stg_sales__transactions", "fct_sales_daily_revenue")} == {"sales"}
    assert groups["fct_drug_mentions"] == "drug_graph"
    # Every raw table is the raw folder, upstream of staging.
    assert repository.asset_graph.get(definitions.AssetKey("stg_pubmed__csv_articles")).parent_keys == {definitions.RAW_FILES}
    assert {sensor.name for sensor in defs.sensors} == {"raw_files_sensor", "build_failure_alert"}
    assert [schedule.cron_schedule for schedule in defs.schedules] == ["0 5 * * *"]


def test_build_job_then_a_failed_build_resumed_by_reexecution(pipeline_env: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "dagster_home").mkdir()
    instance = DagsterInstance.local_temp(str(tmp_path / "dagster_home"))
    # A clean build: every asset materialized, the run log row shown as metadata, the exports recorded.
    clean = execute_job(reconstructable(build_job), instance, run_config=IN_PROCESS)
    assert clean.success
    materialized = {event.asset_key.to_user_string() for event in clean.get_asset_materialization_events()}
    assert {"fct_drug_mentions", "graph_export_files", "drug_graph_json_file", "graph_parquet_files"} <= materialized
    checks = [event for event in clean.all_events if event.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert len(checks) > 100
    observations = [event.event_specific_data.asset_observation for event in clean.all_events
                    if event.event_type_value == "ASSET_OBSERVATION"]
    log_rows = [obs.metadata for obs in observations if obs.asset_key == definitions.RUN_LOG]
    assert len(log_rows) == 1
    row = run_log(pipeline_env["database"])[-1]
    assert log_rows[0]["run_id"].value == row["run_id"] and row["outcome"] == "success"
    assert log_rows[0]["rows_read"].value == row["rows_read"] == 40
    assert log_rows[0]["rows_rejected"].value == 7
    freshness = [obs.metadata for obs in observations if obs.asset_key == definitions.RAW_FILES]
    assert freshness and freshness[0]["freshness_status"].value == "pass"
    expected = export_files(pipeline_env["output"])
    # The build ran the data tests, not the unit tests (`make test` runs those).
    results = json.loads((definitions.Settings.from_env().state_dir / "run_results.json").read_text())["results"]
    assert {result["unique_id"].split(".")[0] for result in results} >= {"model", "test"}
    assert not [result for result in results if result["unique_id"].startswith("unit_test.")]

    # New files and a model failing once: the run fails part-way, alerts, and leaves the exports untouched.
    shutil.rmtree(pipeline_env["output"])
    pipeline_env["database"].unlink()
    shutil.rmtree(definitions.Settings.from_env().state_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DRUG_GRAPH_FAIL_MODELS", "fct_journal_drug_mentions")
        failed = execute_job(reconstructable(build_job), instance, run_config=IN_PROCESS)
    assert not failed.success
    assert not (pipeline_env["output"] / "drug_graph.json").exists()
    alerts = [json.loads(line) for line in pipeline_env["alerts"].read_text().splitlines()]
    assert [alert["kind"] for alert in alerts] == ["run_failed"]
    assert run_log(pipeline_env["database"])[-1]["outcome"] == "failed"
    # The failure sensor alerts on the failed run too (it also catches runs whose process died).
    failure_context = build_run_status_sensor_context(
        sensor_name="build_failure_alert", dagster_instance=instance, dagster_run=failed.dagster_run,
        dagster_event=failed.get_run_failure_event(),
    ).for_run_failure()
    build_failure_alert(failure_context)
    sensor_alert = json.loads(pipeline_env["alerts"].read_text().splitlines()[-1])
    assert sensor_alert["kind"] == "run_failed" and sensor_alert["run_id"] == failed.run_id

    # Dagster's re-execution from failure resumes the build with dbt retry: the same bytes as the clean build.
    resumed = execute_job(
        reconstructable(build_job), instance, run_config=IN_PROCESS,
        reexecution_options=ReexecutionOptions.from_failure(failed.run_id, instance),
    )
    assert resumed.success
    logs = "\n".join(entry.user_message for entry in instance.all_logs(resumed.run_id))
    assert "Resuming the last build where it stopped: dbt retry." in logs
    *_, failed_row, retried = run_log(pipeline_env["database"])
    assert (retried["command"], retried["outcome"], retried["nodes_failed"]) == ("build", "success", 0)
    # The retry built only what the failed run had not: the failed model and what it held back.
    assert retried["nodes_succeeded"] == failed_row["nodes_failed"] + failed_row["nodes_skipped"] < 40
    assert export_files(pipeline_env["output"]) == expected

    # A loaded publication file corrected: an incremental build takes its old rows back and loads it again.
    with (pipeline_env["raw"] / "pubmed.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n99,Atropine in a corrected file,01/01/2020,Journal of emergency nursing\n")
    corrected = execute_job(reconstructable(build_job), instance, run_config=IN_PROCESS)
    assert corrected.success
    assert FULL_REFRESH_TAG not in instance.get_run_by_id(corrected.run_id).tags
    last = run_log(pipeline_env["database"])[-1]
    assert not last["full_refresh"] and last["outcome"] == "success" and last["publications"] == 20
    assert (last["files_changed"], last["files_withdrawn"]) == (1, 0)

    # A drugs file changed: the incremental build stops (dbt asks for --full-refresh) and the build runs again at
    # once with --full-refresh, saying why.
    with (pipeline_env["raw"] / "drugs_more.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("Z99,INFUSION\r\n")  # the file's own line ends
    new_drug = execute_job(reconstructable(build_job), instance, run_config=IN_PROCESS)
    assert new_drug.success
    assert "the drug list changed" in instance.get_run_by_id(new_drug.run_id).tags[FULL_REFRESH_TAG]
    last = run_log(pipeline_env["database"])[-1]
    assert last["full_refresh"] and last["outcome"] == "success" and last["publications"] == 20


def evaluate_sensor(instance: DagsterInstance, cursor: str | None) -> SensorResult | SkipReason:
    return raw_files_sensor(build_sensor_context(instance=instance, cursor=cursor))


def test_sensor_starts_one_build_per_arrival_and_nothing_without_news(pipeline_env: dict[str, Path]) -> None:  # noqa: F811
    instance = DagsterInstance.ephemeral()
    first = evaluate_sensor(instance, None)
    assert isinstance(first, SensorResult) and len(first.run_requests) == 1
    request: RunRequest = first.run_requests[0]
    assert request.run_config["ops"]["drug_graph_dbt"]["config"]["full_refresh"] is False
    cursor = first.cursor

    nothing = evaluate_sensor(instance, cursor)
    assert isinstance(nothing, SkipReason) and "No new, changed or withdrawn raw file" in nothing.skip_message

    # Two files landing together: one run.
    raw = pipeline_env["raw"]
    shutil.copy(raw / "pubmed.csv", raw / "pubmed_0100.csv")
    shutil.copy(raw / "clinical_trials.csv", raw / "clinical_trials_0100.csv")
    arrived = evaluate_sensor(instance, cursor)
    assert isinstance(arrived, SensorResult) and len(arrived.run_requests) == 1
    assert arrived.run_requests[0].run_config["ops"]["drug_graph_dbt"]["config"]["full_refresh"] is False
    assert "2 new (clinical_trials_0100.csv, pubmed_0100.csv)" in arrived.run_requests[0].tags["drug_graph/raw_changes"]
    assert arrived.run_requests[0].run_key != request.run_key
    cursor = arrived.cursor

    # A corrected publication file and a withdrawn one: an incremental build.
    with (raw / "pubmed.csv").open("a", encoding="utf-8") as handle:
        handle.write("99,A corrected title,01/01/2020,Journal of emergency nursing\n")
    (raw / "pubmed_0100.csv").unlink()
    corrected = evaluate_sensor(instance, cursor)
    assert isinstance(corrected, SensorResult) and len(corrected.run_requests) == 1
    assert corrected.run_requests[0].run_config["ops"]["drug_graph_dbt"]["config"]["full_refresh"] is False
    assert FULL_REFRESH_TAG not in corrected.run_requests[0].tags
    assert "1 changed (pubmed.csv); 1 withdrawn (pubmed_0100.csv)" in corrected.run_requests[0].tags["drug_graph/raw_changes"]

    # A drugs file changed and another withdrawn: a full refresh, saying why.
    with (raw / "drugs.csv").open("a", encoding="utf-8") as handle:
        handle.write("Z99,INFUSION\n")
    (raw / "drugs_more.csv").unlink()
    drugs_changed = evaluate_sensor(instance, corrected.cursor)
    assert isinstance(drugs_changed, SensorResult)
    config = drugs_changed.run_requests[0].run_config["ops"]["drug_graph_dbt"]["config"]
    assert config["full_refresh"] is True
    assert "drugs file changed: drugs.csv" in config["reason"] and "drugs file withdrawn: drugs_more.csv" in config["reason"]
    assert drugs_changed.run_requests[0].tags[FULL_REFRESH_TAG] == config["reason"]

    # A build still running: the sensor waits for it, cursor unchanged, saying so.
    shutil.copy(raw / "pubmed.json", raw / "pubmed_0200.json")
    instance.add_run(DagsterRun(job_name=BUILD_JOB, run_id="a1b2c3d4-0000-0000-0000-000000000000",
                                status=DagsterRunStatus.STARTED))
    busy = evaluate_sensor(instance, drugs_changed.cursor)
    assert isinstance(busy, SkipReason)
    assert "a1b2c3d4-0000-0000-0000-000000000000 is still writing the warehouse" in busy.skip_message
    assert "1 new (pubmed_0200.json)" in busy.skip_message


def test_daily_schedule_builds_unless_a_build_is_running(tmp_path: Path) -> None:
    instance = DagsterInstance.local_temp(str(tmp_path))
    when = datetime(2026, 12, 5, 5, 0, tzinfo=UTC)
    request = daily_build(build_schedule_context(instance=instance, scheduled_execution_time=when))
    assert isinstance(request, RunRequest) and request.run_key == "daily-2026-12-05"
    instance.add_run(DagsterRun(job_name=BUILD_JOB, run_id="feedface-0000-0000-0000-000000000000",
                                status=DagsterRunStatus.STARTED))
    skipped = daily_build(build_schedule_context(instance=instance, scheduled_execution_time=when))
    assert isinstance(skipped, SkipReason) and "feedface-0000-0000-0000-000000000000" in skipped.skip_message


def test_a_second_writer_waits_for_the_warehouse_or_gives_up_saying_why(tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    messages: list[str] = []
    released = threading.Event()

    def hold() -> None:
        with warehouse_lock(database, "run one", messages.append):
            released.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    with (
        pytest.raises(WarehouseBusy, match="stayed locked by run one"),
        warehouse_lock(database, "run two", messages.append, timeout_seconds=0.3, poll_seconds=0.05),
    ):
        pass
    assert any("run one" in message and "one writer" in message for message in messages)
    threading.Timer(0.3, released.set).start()
    started = time.monotonic()
    with warehouse_lock(database, "run three", messages.append, poll_seconds=0.05):
        waited = time.monotonic() - started
    holder.join()
    assert waited >= 0.2
