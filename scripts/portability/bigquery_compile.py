"""Compile the project for BigQuery with no network: a dummy service-account key, no cache, no introspection.

Usage: bigquery_compile.py --dbt PATH/TO/dbt --target-path DIR [--log-path DIR] [--inline FILE]

The network is cut with `unshare -n` (as root), `unshare -rn` (user namespaces) or `sudo unshare -n`, so the
compile cannot reach Google even by mistake; the dummy key is generated on the fly with openssl and deleted.
Exits with dbt's return code (124 on timeout).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROJECT = "drug-graph-offline"
DATASET = "drug_graph"
# The analysis drugs_sharing_pubmed_journals needs a drug; any name compiles.
COMPILE_VARS = "{drug: TETRACYCLINE}"


def dummy_service_account(folder: Path) -> Path:
    """Writes a syntactically valid service-account key file with a fresh RSA key: it grants nothing."""
    pem = folder / "dummy_key.pem"
    subprocess.run(
        ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(pem)],
        check=True,
        capture_output=True,
    )
    key = {
        "type": "service_account",
        "project_id": PROJECT,
        "private_key_id": "0" * 40,
        "private_key": pem.read_text(encoding="ascii"),
        "client_email": f"offline@{PROJECT}.iam.gserviceaccount.com",
        "client_id": "1" * 21,
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/offline",
        "universe_domain": "googleapis.com",
    }
    keyfile = folder / "dummy_service_account.json"
    keyfile.write_text(json.dumps(key), encoding="ascii")
    pem.unlink()
    return keyfile


def network_cut_prefix() -> list[str]:
    """The command prefix that runs a program in a new network namespace with no interface up."""
    unshare = shutil.which("unshare")
    if unshare is None:
        sys.exit("unshare (util-linux) is required to cut the network")
    if os.geteuid() == 0:
        return [unshare, "-n"]
    if subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-rn"]
    if subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0:
        user = os.environ.get("USER") or subprocess.run(
            ["id", "-un"], capture_output=True, text=True, check=True
        ).stdout.strip()
        return ["sudo", "-n", "--preserve-env", unshare, "-n", "sudo", "-n", "--preserve-env", "-u", user]
    sys.exit("cannot cut the network: run as root, enable user namespaces, or allow sudo")


def compile_offline(
    dbt: str, target: str, env: dict[str, str], target_path: str, log_path: str | None, inline: list[str], timeout: int
) -> int:
    """`dbt compile` for a target with the network cut and no introspective query; its exit code (124: timeout)."""
    command = [
        *network_cut_prefix(),
        dbt, "compile", "--target", target, "--no-populate-cache", "--no-introspect",
        "--vars", COMPILE_VARS, "--target-path", target_path,
        "--log-path", log_path or str(Path(target_path) / "logs"), *inline,
    ]
    try:
        return subprocess.run(command, cwd=REPO, env=env, timeout=timeout, check=False).returncode
    except subprocess.TimeoutExpired:
        print(f"dbt compile for {target} did not finish in {timeout} s", file=sys.stderr)
        return 124


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dbt", default=str(REPO / ".venv-portability" / "bin" / "dbt"))
    parser.add_argument("--target-path", required=True)
    parser.add_argument("--log-path", default=None)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--inline", type=Path, help="compile this SQL file's text instead (printed as JSON)")
    args = parser.parse_args()
    inline = ["--inline", args.inline.read_text(encoding="utf-8"), "--quiet", "--output", "json"] if args.inline else []
    with tempfile.TemporaryDirectory(prefix="bq-offline-") as tmp:
        keyfile = dummy_service_account(Path(tmp))
        env = dict(os.environ)
        env.update(
            DBT_PROFILES_DIR=str(REPO),
            DBT_TARGET="bigquery",
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
            BIGQUERY_METHOD="service-account",
            BIGQUERY_KEYFILE=str(keyfile),
            BIGQUERY_PROJECT=PROJECT,
            BIGQUERY_DATASET=DATASET,
            BIGQUERY_LOCATION="EU",
        )
        return compile_offline(args.dbt, "bigquery", env, args.target_path, args.log_path, inline, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
