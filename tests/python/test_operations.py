"""Running unattended, without Dagster: the run log, the report and the alerts after `scripts/run_job.sh` (what
`make run` and the Docker image run), the webhook channel, and a killed build resumed to the clean build's bytes.
The Dagster side (sensor, schedule, re-execution of a failed run) is in tests/python/orchestration/."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest
from conftest import DBT, REPO, SAMPLE_DIR, Build, dbt_env, export_files, run_dbt

sys.path.insert(0, str(REPO / "orchestration"))
from drug_graph_orchestration.alerts import Alert, WebhookChannel, channel_from_env
from drug_graph_orchestration.monitor import (
    Thresholds,
    alerts_for,
    read_freshness,
    review_build,
)
from drug_graph_orchestration.report import render

BAD_ROWS = 20


def run_log(database: Path) -> list[dict]:
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute("select * from operations.run_log order by started_at")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def rejecting_job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, subprocess.CompletedProcess[str], Path]:
    """`scripts/run_job.sh` on the sample plus a file whose rows have no valid date: 27 of 60 rows rejected."""
    work = tmp_path_factory.mktemp("rejecting")
    raw = work / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    lines = ["id,title,date,journal"] + [f"{900 + n},Title {n} of tetracycline,31/02/2020,Journal X" for n in range(BAD_ROWS)]
    (raw / "pubmed_bad_dates.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    built = Build(raw, work / "warehouse.duckdb", work / "output")
    env = built.env() | {
        "DBT": str(DBT), "PYTHON": sys.executable, "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"), "ALERTS_FILE": str(work / "alerts.jsonl"),
    }
    env.pop("ALERT_WEBHOOK_URL", None)
    job = subprocess.run(
        ["scripts/run_job.sh"], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    return built, job, work


def test_make_run_logs_the_run_reports_it_and_alerts_on_a_jump_in_rejected_rows(rejecting_job) -> None:
    built, job, work = rejecting_job
    assert job.returncode == 0, job.stdout[-3000:] + job.stderr[-3000:]
    [row] = run_log(built.database)
    assert row["outcome"] == "success" and row["command"] == "build" and not row["full_refresh"]
    assert (row["files_loaded"], row["rows_read"], row["rows_rejected"], row["rows_merged"]) == (7, 60, 27, 3)
    assert (row["files_changed"], row["files_withdrawn"], row["test_failures"]) == (0, 0, 0)
    assert (row["publications"], row["mentions"], row["rejected_rows_total"]) == (19, 24, 27)
    assert row["test_warnings"] == 1 and row["started_at"] < row["ended_at"]
    # The job's build runs the data tests on the data, not the unit tests (`make test` runs those: Makefile).
    assert "START test " in job.stdout and "START unit_test" not in job.stdout

    [alert] = [json.loads(line) for line in (work / "alerts.jsonl").read_text().splitlines()]
    assert alert["kind"] == "rejected_rows_jump" and alert["run_id"] == row["run_id"]
    assert alert["details"] == {"rows_read": 60, "rows_rejected": 27, "threshold": 0.25}
    assert "ALERT rejected_rows_jump: The run rejected 27 of the 60 rows it read (45%)" in job.stdout

    report = (built.output_dir / "reports" / "latest.html").read_text(encoding="utf-8")
    assert f"run report:            {built.output_dir}/reports/run-" in job.stdout
    assert "<td>invalid_date</td><td>20</td><td>20</td>" in report
    assert "<svg" in report and "Journal of emergency nursing</text>" in report
    assert "First run in this warehouse" in report


def test_the_share_of_rejected_rows_is_configurable(rejecting_job) -> None:
    built, _, _ = rejecting_job
    [row] = run_log(built.database)
    assert [a.kind for a in alerts_for(row, [], Thresholds.from_env({"ALERT_REJECTED_SHARE": "0.5"}))] == []
    assert [a.kind for a in alerts_for(row, [], Thresholds.from_env({"ALERT_REJECTED_SHARE": "0.4"}))] == [
        "rejected_rows_jump"
    ]
    with pytest.raises(ValueError, match="ALERT_REJECTED_SHARE must be a number between 0 and 1"):
        Thresholds.from_env({"ALERT_REJECTED_SHARE": "12%"})


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append({"type": self.headers["Content-Type"], "alert": json.loads(body)})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_alerts_go_to_the_webhook_when_its_url_is_set(rejecting_job) -> None:
    built, _, work = rejecting_job
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hooks/drug-graph"
    try:
        channel = channel_from_env(built.output_dir, {"ALERT_WEBHOOK_URL": url})
        assert isinstance(channel, WebhookChannel)
        [row] = run_log(built.database)
        review = review_build(built.database, work / "target", built.output_dir, run_id=row["run_id"],
                              channel=channel, thresholds=Thresholds())
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert [item["alert"]["kind"] for item in Receiver.received] == ["rejected_rows_jump"]
    assert Receiver.received[0]["type"] == "application/json"
    assert Receiver.received[0]["alert"]["run_id"] == review.run["run_id"]
    # A webhook that cannot be reached raises: the alert is not dropped silently.
    with pytest.raises(OSError):
        WebhookChannel(url, timeout_seconds=2).send(Alert("run_failed", "error", "test"))
    with pytest.raises(ValueError, match="http"):
        WebhookChannel("file:///etc/passwd")


def test_stale_raw_files_raise_an_alert_with_thresholds_from_vars(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    two_days_ago = (datetime.now(UTC) - timedelta(hours=50)).timestamp()
    for path in raw.iterdir():
        os.utime(path, (two_days_ago, two_days_ago))
    env = dbt_env(raw, tmp_path / "warehouse.duckdb", tmp_path / "output")
    freshness = run_dbt(["source", "freshness"], env)
    assert freshness.returncode == 0, freshness.stdout[-3000:]  # a warning: 50 h > 36 h, < 72 h
    [result] = read_freshness(tmp_path / "target" / "sources.json")
    assert result["status"] == "warn" and result["source"] == "drug_graph.raw_files.files"
    assert 49 < result["age_hours"] < 51
    [alert] = alerts_for(None, [result], Thresholds(), failure="x")[1:]
    assert (alert.kind, alert.severity) == ("source_stale", "warning")
    stricter = run_dbt(["source", "freshness", "--vars", "{raw_files_error_after_hours: 48}"], env)
    assert stricter.returncode != 0
    [result] = read_freshness(tmp_path / "target" / "sources.json")
    assert result["status"] == "error"
    assert [a.severity for a in alerts_for(None, [result], Thresholds())][1:] == ["error"]


def test_report_shows_the_changes_since_the_previous_run() -> None:
    started = datetime(2026, 12, 5, 5, 0, tzinfo=UTC)
    previous = {"drugs": 11, "publications": 19, "journals": 9, "mentions": 24, "rejected_rows_total": 7,
                "merged_rows_total": 3}
    run = {**previous, "publications": 25, "mentions": 30, "run_id": "r2", "command": "build", "full_refresh": False,
           "started_at": started, "ended_at": started + timedelta(seconds=12), "outcome": "success",
           "test_failures": 0, "test_warnings": 1, "files_loaded": 1, "files_changed": 0, "files_withdrawn": 0,
           "rows_read": 6, "rows_rejected": 0, "rows_merged": 0}
    page = render(run, previous, [("invalid_date", 0, 2)], [("Journal A", 3), ("Journal <B>", 1)], [], [])
    assert "<td>publications</td><td>25</td><td>19</td><td>+6</td>" in page
    assert "<td>drugs</td><td>11</td><td>11</td><td>=</td>" in page
    assert "Journal &lt;B&gt;</text>" in page and 'width="300"' in page and 'width="100"' in page


def test_a_killed_build_resumed_gives_the_clean_build_bytes(sample_build: Build, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    killed = Build(raw, tmp_path / "warehouse.duckdb", tmp_path / "output")
    env = killed.env()
    command = [str(DBT), "build", "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
    process = subprocess.Popen(command, cwd=REPO, env=env | {"PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
                               text=True, start_new_session=True)
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "OK created" in line and "int_drug_mentions_matched" in line:
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "".join(seen)[-3000:]
    assert not (killed.output_dir / "drug_graph.json").exists()
    # No run log row for a killed run: the orchestrator's failure sensor alerts on it.
    with duckdb.connect(str(killed.database), read_only=True) as connection:
        assert connection.execute(
            "select count(*) from information_schema.tables where table_name = 'run_log'"
        ).fetchone()[0] == 0
    # dbt retry needs the results of a run that ended; a killed one has none: run the build again.
    resumed = run_dbt(["build"], dbt_env(raw, killed.database, killed.output_dir))
    assert resumed.returncode == 0, resumed.stdout[-5000:]
    assert export_files(killed.output_dir) == export_files(sample_build.output_dir)
    [row] = run_log(killed.database)
    assert row["outcome"] == "success" and row["files_loaded"] == 6
