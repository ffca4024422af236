"""Every model and every column of every model is described (checked against the built warehouse)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Build


def test_every_model_and_column_is_described(sample_build: Build) -> None:
    manifest = json.loads((Path(sample_build.database).parent / "target" / "manifest.json").read_text())
    models = [node for node in manifest["nodes"].values() if node["resource_type"] in {"model", "seed"}]
    assert models
    problems = []
    for node in models:
        if not node["description"].strip():
            problems.append(f"{node['name']}: no description")
        built = {
            row[0] for row in sample_build.query(
                "select column_name from information_schema.columns"
                f" where table_schema = '{node['schema']}' and table_name = '{node['alias']}'"
            )
        }
        assert built, f"{node['name']} was not built"
        described = {name for name, column in node["columns"].items() if column["description"].strip()}
        problems += [f"{node['name']}.{name}: not described" for name in sorted(built - described)]
    assert problems == []
