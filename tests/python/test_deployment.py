"""The Kubernetes deployment, on paper: the manifests validate offline against a pinned Kubernetes version
(kubernetes-validate) and pass checkov, as the Dockerfile does; every finding not fixed is justified in place."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO

DEPLOY_BIN = REPO / os.environ.get("DEPLOY_VENV", ".venv-deploy") / "bin"
MANIFESTS = REPO / "deploy" / "kubernetes"
KUBERNETES_VERSION = "1.33.0"


def documents() -> list[dict]:
    return [doc for path in sorted(MANIFESTS.glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text()) if doc]


def kubernetes_validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    command = [str(DEPLOY_BIN / "kubernetes-validate"), "--kubernetes-version", KUBERNETES_VERSION, "--strict"]
    return subprocess.run([*command, *map(str, paths)], capture_output=True, text=True, check=False)


def checkov(*args: str) -> dict:
    result = subprocess.run(
        [str(DEPLOY_BIN / "checkov"), *args, "--output", "json", "--skip-download", "--compact"],
        capture_output=True, text=True, check=False, env=dict(os.environ) | {"BC_SKIP_MAPPING": "TRUE"},
    )
    assert result.stdout.strip(), result.stderr[-3000:]
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report


def test_manifests_validate_against_the_pinned_kubernetes_version(tmp_path: Path) -> None:
    result = kubernetes_validate(*sorted(MANIFESTS.glob("*.yaml")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("passed") == len(documents()) == 9
    # The check can fail: a misspelt field is refused.
    broken = tmp_path / "broken.yaml"
    broken.write_text((MANIFESTS / "storage.yaml").read_text().replace("accessModes", "accesModes", 1))
    assert kubernetes_validate(broken).returncode != 0


def test_the_pod_runs_the_image_non_root_with_limits_and_the_three_volumes() -> None:
    [deployment] = [doc for doc in documents() if doc["kind"] == "Deployment"]
    spec = deployment["spec"]
    assert spec["replicas"] == 1 and spec["strategy"]["type"] == "Recreate"  # one writer on the warehouse
    pod = spec["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] and pod["securityContext"]["runAsUser"] == 10001
    claims = {volume["name"]: volume["persistentVolumeClaim"]["claimName"]
              for volume in pod["volumes"] if "persistentVolumeClaim" in volume}
    assert {claims[name] for name in ("raw", "warehouse", "output")} == {
        "drug-graph-raw", "drug-graph-warehouse", "drug-graph-output"}
    pvcs = {doc["metadata"]["name"] for doc in documents() if doc["kind"] == "PersistentVolumeClaim"}
    assert set(claims.values()) <= pvcs
    for container in pod["containers"]:
        assert container["image"].startswith("registry.example.com/drug-graph-orchestration:")
        assert {"cpu", "memory"} <= set(container["resources"]["limits"])
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
    [code] = [container for container in pod["containers"] if container["name"] == "code-location"]
    env = {item["name"]: item.get("value") for item in code["env"]}
    assert env["DUCKDB_PATH"].startswith("/data/warehouse/") and env["RAW_DATA_DIR"] == "/data/raw"
    # The code location is the Dockerfile's `orchestration` stage, serving these definitions.
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "FROM base AS orchestration" in dockerfile and "-m\", \"drug_graph_orchestration.definitions" in dockerfile


@pytest.mark.parametrize(
    ("args", "framework"),
    [(["--directory", str(MANIFESTS), "--framework", "kubernetes"], "kubernetes"),
     (["--file", str(REPO / "Dockerfile"), "--framework", "dockerfile"], "dockerfile")],
)
def test_checkov_finds_nothing_unjustified(args: list[str], framework: str) -> None:
    report = checkov(*args)
    assert report["check_type"] == framework
    results = report["results"]
    assert results["failed_checks"] == [], [(c["check_id"], c["resource"]) for c in results["failed_checks"]]
    assert report["summary"]["passed"] > 50 and report["summary"]["failed"] == 0
    assert report["summary"]["skipped"] == len(results["skipped_checks"]) >= 1
    for skipped in results["skipped_checks"]:
        assert len(skipped["check_result"]["suppress_comment"].strip()) > 30, skipped["check_id"]


def test_checkov_can_fail(tmp_path: Path) -> None:
    shutil.copy(MANIFESTS / "dagster.yaml", tmp_path / "dagster.yaml")
    text = (tmp_path / "dagster.yaml").read_text().replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
    (tmp_path / "dagster.yaml").write_text(text)
    report = checkov("--directory", str(tmp_path), "--framework", "kubernetes")
    assert "CKV_K8S_22" in {check["check_id"] for check in report["results"]["failed_checks"]}
