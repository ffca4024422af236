"""Bad input stops the build with an error naming the file, or the analysis with a clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_DIR, Build, dbt_env, run_dbt


def failed_build(raw_dir: Path, work_dir: Path) -> str:
    env = dbt_env(raw_dir, work_dir / "warehouse.duckdb", work_dir / "output")
    result = run_dbt(["build"], env)
    assert result.returncode != 0
    return result.stdout + result.stderr


@pytest.fixture()
def raw_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, folder)
    return folder


def test_missing_column_names_the_file(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "clinical_trials_2021.csv").write_text("id,title,date,journal\nNCT9,x,01/01/2021,J\n")
    output = failed_build(raw_dir, tmp_path)
    assert "clinical_trials_2021.csv: missing required column(s) scientific_title" in output


@pytest.mark.parametrize(("content", "message"), [
    (b"", "pubmed_new.csv: the file is empty, expected a header line with id, title, date, journal"),
    (b"id,title\x00\xff\xfe,date,journal\n", "pubmed_new.csv: missing required column(s) title"),
], ids=["empty", "header_not_utf8"])
def test_unreadable_csv_names_the_file(raw_dir: Path, tmp_path: Path, content: bytes, message: str) -> None:
    (raw_dir / "pubmed_new.csv").write_bytes(content)
    output = failed_build(raw_dir, tmp_path)
    assert message.format(raw_dir=raw_dir) in output


def test_missing_json_key_names_the_file(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "pubmed_extra.json").write_text('[{"id": 1, "title": "t", "date": "01/01/2020"},]')
    output = failed_build(raw_dir, tmp_path)
    assert "pubmed_extra.json: missing required column(s) journal" in output


@pytest.mark.parametrize(("content", "message"), [
    (b'[{"id": 1, "title": "t"', "pubmed_broken.json: not valid JSON"),
    (b"", "pubmed_broken.json: not valid JSON"),
    (b'{"id": 1, "title": "t", "date": "01/01/2020", "journal": "j"}', "pubmed_broken.json: expected a JSON array"),
    (b'[{"id": 1}, 2]', "pubmed_broken.json: expected a JSON array of objects"),
    (b'[{"title": "t\xff\xfe"}]', "pubmed_broken.json: missing required column(s) id, date, journal"),
], ids=["truncated", "empty", "object", "not_objects", "not_utf8_without_keys"])
def test_invalid_json_names_the_file(raw_dir: Path, tmp_path: Path, content: bytes, message: str) -> None:
    (raw_dir / "pubmed_broken.json").write_bytes(content)
    output = failed_build(raw_dir, tmp_path)
    assert message.format(raw_dir=raw_dir) in output


def test_no_drugs_file(raw_dir: Path, tmp_path: Path) -> None:
    for path in raw_dir.glob("drugs*.csv"):
        path.unlink()
    output = failed_build(raw_dir, tmp_path)
    assert "No drugs*.csv file in raw data folder" in output


def test_unknown_or_missing_drug_in_analysis(sample_build: Build) -> None:
    args = ["show", "--select", "drugs_sharing_pubmed_journals", "--output", "json", "--quiet"]
    unknown = run_dbt([*args, "--vars", "{drug: aspirin}"], sample_build.env())
    assert unknown.returncode != 0
    assert "Unknown drug 'aspirin'" in unknown.stdout + unknown.stderr
    missing = run_dbt(args, sample_build.env())
    assert missing.returncode != 0
    assert "No drug given" in missing.stdout + missing.stderr
