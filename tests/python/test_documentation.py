"""Every model and every column of every model is described (checked against the built warehouse), and the
README and docs/ say only what the code does: paths, relations, commands, rejection reasons, the summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, Build, run_dbt


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


# The README is a user guide read top to bottom; docs/ holds the internals. They must stay true to the code.
GUIDE = REPO / "README.md"
PAGES = [GUIDE, *sorted((REPO / "docs").glob("*.md")), REPO / "macros" / "overrides" / "README.md"]
GUIDE_SECTIONS = [
    "Two commands", "Your own files", "Input limits and rejection reasons", "The rules", "The JSON graph",
    "The analyses", "Query the marts", "Sales (the SQL part of the exercise)", "Docs site", "Large volumes",
    "Running unattended", "Run on other warehouses", "Troubleshooting", "Layout",
]
REPO_PATH = re.compile(r"`((?:models|macros|bench|scripts|schemas|seeds|data|docs|tests|analyses)/[\w./*-]*)`")
RELATION = re.compile(r"(?<![/\w])(staging|intermediate|marts|data_quality|exports)\.([a-z_]+)\b")


@pytest.fixture(scope="module")
def manifest(sample_build: Build) -> dict:
    return json.loads((Path(sample_build.database).parent / "target" / "manifest.json").read_text())


def test_readme_is_a_short_guide_in_reading_order() -> None:
    text = GUIDE.read_text()
    assert len(text.splitlines()) <= 210
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("##")]
    assert [heading for heading in headings if heading in GUIDE_SECTIONS] == GUIDE_SECTIONS
    assert "make run FULL_REFRESH=1" in text
    assert "pointing `RAW_DATA_DIR` at another folder rebuilds from scratch" in text


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(REPO)))
def test_links_and_paths_exist(page: Path) -> None:
    text = page.read_text()
    missing = []
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not target.startswith("http") and not (page.parent / target).exists():
            missing.append(target)
    for path in REPO_PATH.findall(text):
        if not (any(REPO.glob(path)) if "*" in path else (REPO / path).exists()):
            missing.append(path)
    assert missing == []


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(REPO)))
def test_relations_named_in_the_docs_exist(page: Path, manifest: dict) -> None:
    built = {
        (node["schema"], node["alias"]) for node in manifest["nodes"].values()
        if node["resource_type"] in {"model", "seed"}
    }
    named = set(RELATION.findall(page.read_text()))
    assert named - built == set()


def test_readme_lists_every_mart(manifest: dict) -> None:
    text = GUIDE.read_text()
    marts = {
        node["name"] for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] in {"marts", "data_quality"}
    }
    assert sorted(name for name in marts if f"`{name}`" not in text and f".{name}`" not in text) == []


def test_make_targets_and_selectors_exist(manifest: dict) -> None:
    text = "\n".join(page.read_text() for page in PAGES)
    makefile = (REPO / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    assert set(re.findall(r"`make ([a-z][\w-]*)", text)) - targets == set()
    selectors = set(re.findall(r"^  - name: (\w+)", (REPO / "selectors.yml").read_text(), re.MULTILINE))
    assert set(re.findall(r"--selector (\w+)", text)) - selectors == set()
    tags = {tag for node in manifest["nodes"].values() for tag in node.get("tags", [])}
    assert set(re.findall(r"--select tag:(\w+)", text)) - tags == set()


def test_rejection_reasons_are_the_code_s(manifest: dict) -> None:
    """The README's list is dq_rejected_rows' accepted values (a row with another reason fails the build)."""
    section = GUIDE.read_text().split("### Input limits and rejection reasons")[1].split("\n## ")[0]
    listed = set(re.findall(r"^- `([a-z0-9_]+)`|, `([a-z0-9_]+)`:|; `([a-z0-9_]+)`:", section, re.MULTILINE))
    listed = {name for group in listed for name in group if name}
    tests = [
        node for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and node.get("test_metadata", {}).get("name") == "accepted_values"
        and node.get("column_name") == "rejection_reason" and "dq_rejected_rows" in node["depends_on"]["nodes"][0]
    ]
    assert len(tests) == 1
    assert listed == set(tests[0]["test_metadata"]["kwargs"]["values"])


def test_readme_summary_is_the_sample_s(sample_build: Build) -> None:
    result = run_dbt(["run-operation", "print_summary", "--quiet"], sample_build.env())
    assert result.returncode == 0, result.stdout
    printed = [line for line in result.stdout.splitlines() if not line.startswith("  graph:")]
    text = GUIDE.read_text()
    shown = text.split("```\nDrug mention graph built:\n")[1].split("```")[0].splitlines()
    assert ["Drug mention graph built:", *[line for line in shown if not line.startswith("  graph:")]] == printed
