"""Where each rule lives (docs/architecture.md), kept so: no engine switch in a model's SQL, every override of a
dbt or adapter macro in macros/overrides/ with its README row, every engine variant in the file of its concept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, Build

ADAPTERS = ("default", "duckdb", "postgres", "snowflake", "redshift", "bigquery", "spark")
# The raw-file loader keeps its own files for now (docs/loader.md): its engine variants are whole programs.
LOADER_FILES = {
    "macros/duckdb_raw_loader.sql",
    "macros/duckdb__raw_file_select.sql",
    "macros/spark/spark__register_raw_sources.sql",
    "macros/spark/spark__raw_file_select.sql",
}

# Names retired for one vocabulary of the incremental machinery (docs/architecture.md, "The incremental contract"),
# with the name that replaced each.
RETIRED_NAMES = {
    "rows_decided_after_latest": "changed_publication_rows",
    "delete_rows_decided_again": "delete_rows_of_changed_publications",
    "journal_mentions_to_count_again": "changed_journal_mention_keys",
    "raw_files_to_count_again": "changed_raw_files",
    "raw_files_counted_again": "delete_rows_of_changed_raw_files",
    "latest_time_literal": "latest_incremental_time",
    "latest_time": "model_latest_time",
    "loaded_after": "newer_than_model",
    "int_publication_rows_validated": "int_publication_rows_unioned",
}
# The dbt project's own folders (its singular tests under tests/, but not tests/python).
PROJECT_DIRS = ("models", "macros", "analyses", "tests")


@pytest.fixture(scope="module")
def macros(sample_build: Build) -> dict[str, dict]:
    manifest = json.loads((Path(sample_build.database).parent / "target" / "manifest.json").read_text())
    return manifest["macros"]


def test_models_carry_no_engine_switch() -> None:
    # materializations and layouts per engine are set in dbt_project.yml; what differs in SQL is a dispatched macro
    switches = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "models").rglob("*"))
        if path.suffix in {".sql", ".py"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"target\.type", line)
    ]
    assert switches == []


def test_models_leave_incremental_runs_to_named_macros() -> None:
    # a model states its rule for any set of rows; what only an incremental run reads comes from the macros of
    # docs/architecture.md, "The incremental contract" (true or empty on a full build)
    islands = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "models").rglob("*.sql"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "is_incremental()" in line
    ]
    assert islands == []
    incremental = [path for path in (REPO / "models").rglob("*.sql") if "changed_cte(" in path.read_text()]
    assert len(incremental) >= 2, "no model reads what changed through the macros: the check would pass on anything"


def test_overrides_of_dbt_macros_live_in_macros_overrides(macros: dict[str, dict]) -> None:
    theirs = {macro["name"] for macro in macros.values() if macro["package_name"] != "drug_graph"}
    ours = [macro for macro in macros.values() if macro["package_name"] == "drug_graph"]
    overrides = {macro["name"]: macro["original_file_path"] for macro in ours if macro["name"] in theirs}
    assert overrides, "no override found: the check would pass on anything"
    assert {name: path for name, path in overrides.items() if not path.startswith("macros/overrides/")} == {}
    readme = (REPO / "macros" / "overrides" / "README.md").read_text(encoding="utf-8")
    assert [name for name in overrides if f"| `{name}` |" not in readme] == []


def test_engine_variants_sit_beside_their_concept(macros: dict[str, dict]) -> None:
    files = {macro["name"]: macro["original_file_path"] for macro in macros.values()
             if macro["package_name"] == "drug_graph"}
    variants = {name: path for name, path in files.items()
                if name.split("__")[0] in ADAPTERS and name.split("__", 1)[-1] in files}
    assert len(variants) > 20
    apart = {name: path for name, path in variants.items()
             if path != files[name.split("__", 1)[1]] and path not in LOADER_FILES}
    assert apart == {}
    assert not (REPO / "macros" / "bigquery").exists()


def retired_names_in(text: str) -> list[str]:
    """The retired names in a text: an identifier equal to one, or one's engine variant (`duckdb__<name>`); a long
    name also inside a longer identifier (`delete_journal_mentions_to_count_again`), a short one never
    (`model_latest_time` is not `latest_time`)."""
    identifiers = set(re.findall(r"\w+", text))
    return sorted({
        name for name in RETIRED_NAMES for identifier in identifiers
        if identifier == name or identifier.endswith(f"__{name}") or (len(name) > 15 and name in identifier)
    })


def test_retired_names_stay_retired() -> None:
    assert retired_names_in("{{ loaded_after(this) }} default__rows_decided_after_latest model_latest_time") == [
        "loaded_after", "rows_decided_after_latest"
    ]
    assert retired_names_in("delete_journal_mentions_to_count_again latest_time_literal") == [
        "journal_mentions_to_count_again", "latest_time_literal"
    ]
    files = [path for folder in PROJECT_DIRS for path in sorted((REPO / folder).rglob("*"))
             if path.is_file() and not path.is_relative_to(REPO / "tests" / "python")]
    assert len(files) > 50
    found = {
        str(path.relative_to(REPO)): [f"{name} (now {RETIRED_NAMES[name]})" for name in names]
        for path in files
        if (names := retired_names_in(path.name + "\n" + path.read_text(encoding="utf-8", errors="replace")))
    }
    assert found == {}
