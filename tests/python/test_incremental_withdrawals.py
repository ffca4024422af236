"""Incremental runs on raw files that change or vanish: a corrected file's old rows are replaced by its new ones, a
withdrawn file's rows leave the warehouse and the graph, and what they touched (merged groups, id claims,
mentions, journal mentions, graph parts, per-file counts) is decided again. After each step, a plain `dbt build`
on the warehouse already built equals a full build on the folder as it now is, byte for byte on the exports.

The steps follow one another on the same warehouse (a withdrawal after a correction, a file put back after its
withdrawal), starting from the sample with test_incremental's new files: `pubmed-early.csv` wins id 5 from
`pubmed.csv` and holds the first row of a duplicate, `clinical_trials.csv` the first row of a split trial whose
other half is in `clinical_trials_2.csv`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SAMPLE_DIR, Build, build, export_files, run_dbt
from test_incremental import NEW_FILES, tables

CORRECTED_ROW = '1,"Diphenhydramine for sleep in adults, a ""real-world"" study",01/01/2019,Journal of emergency nursing'
# the title now mentions atropine and no longer diphenhydramine; the date moves by a day
CORRECTION = '1,"Atropine for sleep in adults, a ""real-world"" study",02/01/2019,Journal of emergency nursing'


def correct_pubmed(folder: Path) -> None:
    path = folder / "pubmed.csv"
    text = path.read_text(encoding="utf-8")
    assert CORRECTED_ROW in text
    # one row corrected, another's date changed, and the file one row shorter (its last row withdrawn)
    text = text.replace(CORRECTED_ROW, CORRECTION).replace("5 March 2020", "6 March 2020")
    path.write_text(text[: text.rstrip("\n").rindex("\n") + 1], encoding="utf-8")


def withdraw(name: str) -> Callable[[Path], None]:
    def step(folder: Path) -> None:
        (folder / name).unlink()
    return step


def put_back(folder: Path) -> None:
    shutil.copy(SAMPLE_DIR / "pubmed.json", folder / "pubmed.json")
    (folder / "pubmed-early.csv").write_text(NEW_FILES["pubmed-early.csv"], encoding="utf-8")


STEPS: dict[str, Callable[[Path], None]] = {
    "corrected": correct_pubmed,
    "withdrawn": withdraw("pubmed.json"),
    "withdrawn_first_row_of_a_merged_group": withdraw("clinical_trials.csv"),
    "withdrawn_winning_id_claim": withdraw("pubmed-early.csv"),
    "put_back": put_back,
}

QUESTIONS = {
    # the publications of id 1, 4 and 5, and which row holds them
    "publications": """
        select publication_key, source_file, source_row, cast(published_on as varchar) from marts.dim_publications
        where publication_key in ('pubmed:1', 'pubmed:4', 'pubmed:5') order by all
    """,
    "rejected": "select source_file, source_row, rejection_reason from data_quality.dq_rejected_rows order by all",
    "drugs_of_pubmed_1": """
        select drug_id from marts.fct_drug_mentions where publication_key = 'pubmed:1' order by all
    """,
    "split_trial": """
        select publication_key, source_file, source_row, is_id_generated from marts.dim_publications
        where title = 'Glucagon Infusion in T1D Patients With Recurrent Severe Hypoglycemia'
    """,
    "loads": """
        select source_file, count(distinct loaded_at) from staging.stg_pubmed__csv_articles group by 1 order by 1
    """,
    "run_log": """
        select files_loaded, files_changed, files_withdrawn from operations.run_log order by started_at desc limit 1
    """,
}


def loader_copies(built: Build) -> list[str]:
    """The names of the loader's copies (JSON files as rows, repaired CSV files) beside a warehouse."""
    folder = Path(f"{built.database}.raw_copies")
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@dataclass
class Step:
    incremental_tables: dict[str, list[tuple]]
    full_tables: dict[str, list[tuple]]
    incremental_files: dict[str, bytes]
    full_files: dict[str, bytes]
    answers: dict[str, list[tuple]]
    incremental_copies: list[str]
    full_copies: list[str]


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Step]:
    work = tmp_path_factory.mktemp("withdrawals")
    folder = work / "raw"
    shutil.copytree(SAMPLE_DIR, folder)
    for name, text in NEW_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    incremental = build(folder, work / "incremental")
    done = {}
    for number, (name, change) in enumerate(STEPS.items()):
        change(folder)
        result = run_dbt(["build"], incremental.env())
        assert result.returncode == 0, (name, result.stdout[-5000:])
        full = build(folder, work / f"full_{number}")
        done[name] = Step(
            tables(incremental.database), tables(full.database),
            export_files(incremental.output_dir), export_files(full.output_dir),
            {question: incremental.query(sql) for question, sql in QUESTIONS.items()},
            loader_copies(incremental), loader_copies(full),
        )
    return done


@pytest.mark.parametrize("step", list(STEPS))
def test_incremental_equals_full_refresh_after_the_change(steps: dict[str, Step], step: str) -> None:
    done = steps[step]
    assert done.incremental_files.keys() == done.full_files.keys()
    assert [name for name, data in done.full_files.items() if done.incremental_files[name] != data] == []
    assert done.incremental_tables.keys() == done.full_tables.keys()
    for name, rows in done.full_tables.items():
        assert done.incremental_tables[name] == rows, (step, name)
    # the loader keeps the copies of the files present only (named after a file's name and bytes)
    assert done.incremental_copies == done.full_copies


def test_the_copy_of_a_withdrawn_json_file_goes(steps: dict[str, Step]) -> None:
    assert len(steps["withdrawn"].incremental_copies) == len(steps["corrected"].incremental_copies) - 1


def test_a_corrected_file_replaces_its_rows(steps: dict[str, Step]) -> None:
    answers = steps["corrected"].answers
    assert answers["drugs_of_pubmed_1"] == [("A03BA",)]  # atropine, no longer diphenhydramine (A04AD)
    assert ("pubmed:1", "pubmed.csv", 1, "2019-01-02") in answers["publications"]
    # the corrected file is loaded again, the other files are not
    assert dict(answers["loads"]) == {"pubmed-early.csv": 1, "pubmed.csv": 1, "pubmed_2.csv": 1}
    assert answers["run_log"] == [(1, 1, 0)]


def test_a_withdrawn_file_leaves_the_warehouse(steps: dict[str, Step]) -> None:
    done = steps["withdrawn"]
    assert not [name for name, rows in done.incremental_tables.items() for row in rows if "pubmed.json" in row]
    assert b"Isoprenaline-induced myocardial infarction" in steps["corrected"].incremental_files["drug_graph.json"]
    assert b"Isoprenaline-induced myocardial infarction" not in done.incremental_files["drug_graph.json"]
    assert done.answers["run_log"] == [(0, 0, 1)]


def test_withdrawing_the_first_row_of_a_merged_group_makes_the_group_again(steps: dict[str, Step]) -> None:
    before = steps["withdrawn"].answers["split_trial"]
    after = steps["withdrawn_first_row_of_a_merged_group"].answers["split_trial"]
    assert before == [("clinical_trial:NCT01000005", "clinical_trials.csv", 5, False)]
    # the half left in clinical_trials_2.csv has no id: it is a publication of its own, with a generated id
    assert len(after) == 1 and after[0][1:] == ("clinical_trials_2.csv", 1, True)


def test_withdrawing_the_winning_claim_of_an_id_gives_it_back(steps: dict[str, Step]) -> None:
    before = steps["withdrawn_first_row_of_a_merged_group"].answers
    after = steps["withdrawn_winning_id_claim"].answers
    assert ("pubmed.csv", 5, "conflicting_duplicate_id") in before["rejected"]
    assert ("pubmed.csv", 5, "conflicting_duplicate_id") not in after["rejected"]
    assert ("pubmed:5", "pubmed.csv", 5, "2020-01-13") in after["publications"]
    # the duplicate whose first row the file held is pubmed.csv's own again
    assert ("pubmed:4", "pubmed-early.csv", 2, "2020-01-02") in before["publications"]
    assert ("pubmed:4", "pubmed.csv", 4, "2020-01-02") in after["publications"]


def test_a_withdrawn_file_put_back_is_loaded_again(steps: dict[str, Step]) -> None:
    answers = steps["put_back"].answers
    assert ("pubmed:5", "pubmed-early.csv", 1, "2020-02-02") in answers["publications"]
    assert answers["run_log"] == [(2, 0, 0)]


@pytest.fixture()
def loaded(tmp_path: Path) -> Build:
    folder = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, folder)
    return build(folder, tmp_path / "build")


@pytest.mark.parametrize("change", ["changed", "withdrawn"])
def test_a_drugs_file_that_changed_or_vanished_stops_the_run(loaded: Build, change: str) -> None:
    drugs = loaded.raw_dir / "drugs_more.csv"
    if change == "changed":
        drugs.write_text(drugs.read_text(encoding="utf-8") + "Z99,INFUSION\n", encoding="utf-8")
    else:
        drugs.unlink()
    result = run_dbt(["build"], loaded.env())
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"drugs_more.csv (drugs file {change})" in output
    assert "The drug list changed: every title must be matched again" in output
    assert "`make run FULL_REFRESH=1` (or `dbt build --full-refresh`)" in output
    assert run_dbt(["build", "--full-refresh"], loaded.env()).returncode == 0
    # the full refresh matched every title against the new drug list
    drug = "Z99" if change == "changed" else "R06AE"
    mentions = loaded.query(f"select count(*) from marts.fct_drug_mentions where drug_id = '{drug}'")[0][0]
    assert mentions == (1 if change == "changed" else 0)
