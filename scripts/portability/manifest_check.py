"""Check a BigQuery manifest: every model that would run there uses something BigQuery has.

Usage: manifest_check.py TARGET/manifest.json

Fails (exit 1), naming the model, when an enabled model is a Python model (BigQuery runs those only through
Dataproc, which this project does not set up), uses a materialization dbt-bigquery lacks (dbt-duckdb's
`external`, say), or an incremental strategy BigQuery does not support.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

BIGQUERY_MATERIALIZATIONS = {"table", "view", "incremental", "ephemeral", "materialized_view"}
BIGQUERY_INCREMENTAL_STRATEGIES = {None, "merge", "insert_overwrite", "microbatch"}


def problems(manifest: dict[str, Any]) -> list[str]:
    """One line per model that cannot run on BigQuery as configured."""
    found = []
    if manifest["metadata"].get("adapter_type") != "bigquery":
        return [f"not a BigQuery manifest (adapter {manifest['metadata'].get('adapter_type')})"]
    for unique_id, node in sorted(manifest["nodes"].items()):
        if node["resource_type"] != "model":
            continue
        config = node["config"]
        if node.get("language", "sql") != "sql":
            found.append(f"{unique_id}: a {node['language']} model (needs Dataproc on BigQuery); disable it there")
        materialized = config.get("materialized")
        if materialized not in BIGQUERY_MATERIALIZATIONS:
            found.append(f"{unique_id}: materialization '{materialized}' does not exist on BigQuery")
        if materialized == "incremental" and config.get("incremental_strategy") not in BIGQUERY_INCREMENTAL_STRATEGIES:
            found.append(f"{unique_id}: incremental strategy '{config.get('incremental_strategy')}' is not BigQuery's")
    return found


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    manifest = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    found = problems(manifest)
    for line in found:
        print(f"FAIL {line}")
    models = sum(1 for node in manifest["nodes"].values() if node["resource_type"] == "model")
    disabled = sorted(key for key in manifest.get("disabled", {}) if key.startswith("model."))
    print(f"BigQuery manifest: {models} models checked, {len(found)} problem(s); disabled here: {', '.join(disabled)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
