"""Whatever comes from outside is data, never SQL, Jinja or a glob pattern: file names, the raw folder's path,
OUTPUT_DIR, DUCKDB_PATH and --vars values (the quoting macro `sql_string`, and the loader's `sql_text`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_DIR, Build, build, run_dbt

NASTY_VALUES = [
    "O'BRIEN",
    "it''s",
    "back\\slash\\'",
    "x'; create table main.pwned as select 42 as x; --",
    "a /* comment */ b",
    "semi;colon",
    "{{ 7*7 }} {% if true %}j{% endif %}",
    "glob [ab] * ? {a,b}",
    "line\nbreak",
]

HOSTILE_FILES = {
    "pubmed_a.csv']); create table main.pwned as select 42 as x; --.csv": 1,
    "pubmed_b.csv'); copy (select 'x') to 'pwned.txt'; --.csv": 2,
    "pubmed_O'Brien.csv": 3,
    "pubmed_[ab].csv": 4,
    "pubmed_a.csv": 5,
    "pubmed_?.csv": 6,
    "pubmed_{{ 7*7 }}.csv": 7,
    "pubmed_x -- y; z.csv": 8,
    "pubmed_back\\slash.csv": 9,
    "pubmed_it's [x].json": 10,
}


def hostile_folder(base: Path) -> Path:
    """The sample in a folder whose path has spaces, quotes, brackets and glob characters, with hostile file
    names beside it, each holding two rows of its own (ids 1000 * n + 1 and + 2)."""
    raw_dir = base / "it's [a] b? {x} *" / "raw"
    shutil.copytree(SAMPLE_DIR, raw_dir)
    with (raw_dir / "drugs.csv").open("a", encoding="utf-8") as drugs:
        drugs.write("\nZ01,O'BRIEN\n")
    for name, n in HOSTILE_FILES.items():
        rows = [(1000 * n + 1, f"Atropine in file {n}"), (1000 * n + 2, f"O'Brien study of file {n}")]
        if name.endswith(".json"):
            records = [{"id": i, "title": t, "date": "2020-01-01", "journal": "J"} for i, t in rows]
            (raw_dir / name).write_text(json.dumps(records), encoding="utf-8")
        else:
            body = "".join(f"{i},{t},2020-01-01,J\n" for i, t in rows)
            (raw_dir / name).write_text("id,title,date,journal\n" + body, encoding="utf-8")
    return raw_dir


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("hostile")
    return build(hostile_folder(base), base / "out's [dir]")


def test_hostile_file_names_are_read_as_ordinary_files(hostile_build: Build) -> None:
    staged = dict(hostile_build.query(
        "select source_file, list(publication_id order by source_row) from staging.stg_pubmed__csv_articles group by 1"
        " union all select source_file, list(publication_id order by source_row) from staging.stg_pubmed__json_articles"
        " group by 1"
    ))
    for name, n in HOSTILE_FILES.items():
        assert staged[name] == [str(1000 * n + 1), str(1000 * n + 2)], name
    assert hostile_build.query(
        "select count(*) from data_quality.dq_rejected_rows where source_file in (select unnest(?))"
        .replace("?", "[" + ", ".join("'" + name.replace("'", "''") + "'" for name in HOSTILE_FILES) + "]")
    ) == [(0,)]


def test_nothing_appears_that_the_project_did_not_make(hostile_build: Build) -> None:
    assert hostile_build.query(
        "select table_schema, table_name from information_schema.tables where table_name like '%pwned%'"
    ) == []
    for folder in (REPO, hostile_build.raw_dir.parent, hostile_build.database.parent, Path.cwd()):
        assert not list(folder.rglob("pwned*")), folder


def test_analyses_take_hostile_values_as_data(hostile_build: Build) -> None:
    # top_journals reads the JSON graph in OUTPUT_DIR, whose path has a quote and brackets
    top = hostile_build.show("top_journals")
    assert len(top) >= 1 and all(row["distinct_drugs"] >= 1 for row in top), top
    # O'BRIEN is a drug of the folder, mentioned by journal J in PubMed only
    sharing = hostile_build.show("drugs_sharing_pubmed_journals", json.dumps({"drug": "O'BRIEN"}))
    assert "ATROPINE" in {row["drug"] for row in sharing}, sharing
    base = ["show", "--select", "drugs_sharing_pubmed_journals", "--output", "json", "--quiet"]
    for drug in ["ATROPINE'S", "x'; create table main.pwned as select 42 as x; --", "{{ 7*7 }}"]:
        result = run_dbt([*base, "--vars", json.dumps({"drug": drug})], hostile_build.env())
        output = result.stdout + result.stderr
        assert result.returncode != 0 and f"Unknown drug '{drug}'" in output, output[-2000:]
    assert hostile_build.query("select count(*) from information_schema.tables where table_name = 'pwned'") == [(0,)]


def test_sql_string_keeps_every_value_as_data(sample_build: Build) -> None:
    selects = ", ".join(
        f"{{{{ sql_string(input_var('values')[{index}]) }}}} as v{index}" for index in range(len(NASTY_VALUES))
    )
    result = run_dbt(
        ["show", "--inline", f"select {selects}", "--output", "json", "--quiet", "--vars",
         json.dumps({"values": NASTY_VALUES})],
        sample_build.env(),
    )
    assert result.returncode == 0, result.stdout[-3000:]
    row = json.loads(result.stdout)["show"][0]
    assert [row[f"v{index}"] for index in range(len(NASTY_VALUES))] == NASTY_VALUES
