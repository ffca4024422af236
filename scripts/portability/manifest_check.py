"""Check a warehouse manifest (BigQuery, Snowflake, Redshift, PostgreSQL): every model that would run there uses
something its adapter has.

Usage: manifest_check.py TARGET/manifest.json

Fails (exit 1), naming the model, when an enabled model is a Python model (BigQuery runs those only through
Dataproc, Snowflake through Snowpark, which this project does not set up; the others have none), uses a
materialization the adapter lacks (dbt-duckdb's `external`, say), or an incremental strategy it does not support.
The adapter is the manifest's own (metadata.adapter_type).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# Per adapter: its display name, the materializations and the incremental strategies it ships (dbt 1.11).
ADAPTERS: dict[str, tuple[str, set[str], set[str | None]]] = {
    "bigquery": (
        "BigQuery", {"table", "view", "incremental", "ephemeral", "materialized_view"},
        {None, "merge", "insert_overwrite", "microbatch"},
    ),
    "snowflake": (
        "Snowflake", {"table", "view", "incremental", "ephemeral", "dynamic_table"},
        {None, "merge", "append", "delete+insert", "insert_overwrite", "microbatch"},
    ),
    "redshift": (
        "Redshift", {"table", "view", "incremental", "ephemeral", "materialized_view"},
        {None, "append", "delete+insert", "merge", "microbatch"},
    ),
    "postgres": (
        "PostgreSQL", {"table", "view", "incremental", "ephemeral", "materialized_view"},
        {None, "append", "delete+insert", "merge", "microbatch"},
    ),
}


def problems(manifest: dict[str, Any]) -> list[str]:
    """One line per model that cannot run on the manifest's warehouse as configured."""
    found = []
    adapter = manifest["metadata"].get("adapter_type")
    if adapter not in ADAPTERS:
        return [f"not a warehouse manifest this check knows (adapter {adapter})"]
    name, materializations, strategies = ADAPTERS[adapter]
    for unique_id, node in sorted(manifest["nodes"].items()):
        if node["resource_type"] != "model":
            continue
        config = node["config"]
        if node.get("language", "sql") != "sql":
            found.append(f"{unique_id}: a {node['language']} model (not set up on {name}); disable it there")
        materialized = config.get("materialized")
        if materialized not in materializations:
            found.append(f"{unique_id}: materialization '{materialized}' does not exist on {name}")
        if materialized == "incremental" and config.get("incremental_strategy") not in strategies:
            found.append(f"{unique_id}: incremental strategy '{config.get('incremental_strategy')}' is not {name}'s")
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
    adapter = ADAPTERS.get(manifest["metadata"].get("adapter_type"), ("unknown",))[0]
    print(f"{adapter} manifest: {models} models checked, {len(found)} problem(s); disabled here: {', '.join(disabled)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
