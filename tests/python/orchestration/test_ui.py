"""`make orchestrate` opens a UI where the assets, the sensor and the schedule appear: the UI is started as the
make target starts it, on 127.0.0.1, and read by Debian's headless Chromium (DOM dump and screenshot)."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO
from drug_graph_orchestration.definitions import defs

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # The asset catalog draws only the rows in the window: a tall window draws them all.
    "--window-size=1400,5000", "--virtual-time-budget=15000",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chromium(url: str, *args: str) -> str:
    executable = shutil.which("chromium")
    assert executable, "chromium is missing: `make chromium` installs it (apt-get install -y chromium)"
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture
def ui(tmp_path: Path) -> str:
    port = free_port()
    env = dict(os.environ) | {
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        # The sensor and the schedule are shown stopped: the test starts no build.
        "DRUG_GRAPH_AUTOMATION": "off",
        "RAW_DATA_DIR": str(REPO / "data" / "sample"),
        "DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "OUTPUT_DIR": str(tmp_path / "output"),
    }
    log = (tmp_path / "orchestrate.log").open("w")
    server = subprocess.Popen(["make", "--no-print-directory", "orchestrate", f"ORCHESTRATE_PORT={port}"], cwd=REPO,
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, (tmp_path / "orchestrate.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"{url}/server_info", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the UI did not answer within 180 s"
            time.sleep(2)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
        log.close()


def test_make_orchestrate_shows_the_assets_the_sensor_and_the_schedule(ui: str, tmp_path: Path) -> None:
    screenshot = tmp_path / "assets.png"
    catalog = chromium(f"{ui}/assets", "--dump-dom", f"--screenshot={screenshot}")
    keys = [key.to_user_string() for key in defs.get_repository_def().asset_graph.get_all_asset_keys()]
    assert len(keys) > 30
    missing = [key for key in keys if f">{key}<" not in catalog]
    assert not missing, f"assets missing from the UI's catalog: {missing}"

    automation = chromium(f"{ui}/automation", "--dump-dom")
    for name in ("raw_files_sensor", "daily_build", "build_failure_alert"):
        assert f">{name}<" in automation, name
    assert screenshot.stat().st_size > 10_000
