"""Long titles: a title past the var max_title_length (20,000 characters by default) is rejected as
`title_too_long`, naming its file and row, and the build goes on; matching needs memory linear in a title's
length, so that a title just under the limit, or a long one under a raised limit, is matched as any other."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DBT, REPO, SAMPLE_DIR, Build, dbt_env

LIMIT = 20_000
# The peak resident memory of the `dbt build` process on the sample plus a 200 KB title may exceed the
# sample's own by this factor. On e7b1d53 (matching copied the title to every one of its words) the build
# peaked at 2.5 times the sample's (720 MB against 290 MB); since, at the sample's.
PEAK_FACTOR_BOUND = 1.5


def words_of_length(words: list[str], length: int) -> str:
    """`words` repeated, separated by spaces, cut or padded with `x` to exactly `length` characters."""
    text = " ".join(words * (length // len(" ".join(words)) + 1))[:length]
    return text.rstrip().ljust(length, "x")


# A 200 KB title of 30,000 words, two in three the first word of a drug name, as a feed's broken
# record may give: a drug name at its start, in its middle and, two words long, at its end.
LONG_TITLE = words_of_length(["Atropine", "ethanol", "dose"], 199_000 - 16) + " tranexamic acid"
# Exactly at the limit (kept) and one character past it (rejected); accents count as one character.
AT_LIMIT_TITLE = "Paracétamol " + words_of_length(["Atropine", "ethanol", "dose"], LIMIT - 12 - 16) + " tranexamic acid"
PAST_LIMIT_TITLE = AT_LIMIT_TITLE + "s"
# At the length up to which matching carries a title with its words (carried_title_length, 1,000) and one
# character past it, which is read again by key: both are matched alike.
CARRIED = 1_000
CARRIED_TITLE = "Paracétamol " + words_of_length(["ethanol", "dose"], CARRIED - 12 - 16) + " tranexamic acid"
NOT_CARRIED_TITLE = CARRIED_TITLE.replace("Paracétamol", "Paracétamols Atropine", 1)[: CARRIED - 16] + " tranexamic acid."


@dataclass
class MeasuredBuild:
    build: Build
    returncode: int
    output: str
    peak_mb: float


def measured_dbt_build(raw_dir: Path, work_dir: Path, variables: str | None = None) -> MeasuredBuild:
    """`dbt build` on `raw_dir`, with the peak resident memory of the dbt process (DuckDB runs inside it)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    build = Build(raw_dir, work_dir / "warehouse.duckdb", work_dir / "output")
    command = [str(DBT), "build", "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")]
    if variables:
        command += ["--vars", variables]
    log = work_dir / "dbt.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=REPO, env=build.env(), stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    return MeasuredBuild(
        build, os.waitstatus_to_exitcode(status), log.read_text(encoding="utf-8"), usage.ru_maxrss / 1024
    )


def long_titles_folder(folder: Path) -> Path:
    shutil.copytree(SAMPLE_DIR, folder)
    rows = [
        ("900", LONG_TITLE),
        ("901", AT_LIMIT_TITLE),
        ("902", PAST_LIMIT_TITLE),
        ("903", "Atropine and ethanol, a short title"),
        ("904", CARRIED_TITLE),
        ("905", NOT_CARRIED_TITLE),
    ]
    lines = ["id,title,date,journal"] + [f'{pid},"{title}",2020-01-01,Journal of long titles' for pid, title in rows]
    (folder / "pubmed_long.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sample_peak_mb(tmp_path_factory: pytest.TempPathFactory) -> float:
    work = tmp_path_factory.mktemp("sample_measured")
    shutil.copytree(SAMPLE_DIR, work / "raw")
    measured = measured_dbt_build(work / "raw", work)
    assert measured.returncode == 0, measured.output[-5000:]
    return measured.peak_mb


@pytest.fixture(scope="module")
def long_titles_build(tmp_path_factory: pytest.TempPathFactory) -> MeasuredBuild:
    work = tmp_path_factory.mktemp("long_titles")
    measured = measured_dbt_build(long_titles_folder(work / "raw"), work)
    assert measured.returncode == 0, measured.output[-5000:]
    return measured


def mentions(build: Build, source_file: str) -> set[tuple[int, str]]:
    rows = build.query(
        "select source_row, drug_id from intermediate.int_drug_mentions_matched"
        f" where source_file = '{source_file}'"
    )
    return set(rows)


def test_titles_past_the_limit_are_rejected_naming_file_and_row(long_titles_build: MeasuredBuild) -> None:
    assert len(AT_LIMIT_TITLE) == LIMIT and len(PAST_LIMIT_TITLE) == LIMIT + 1 and len(LONG_TITLE) == 199_000
    rejected = long_titles_build.build.query(
        "select source_file, source_row, rejection_reason, length(raw_text) from data_quality.dq_rejected_rows"
        " where source_file = 'pubmed_long.csv' order by source_row"
    )
    assert rejected == [
        ("pubmed_long.csv", 1, "title_too_long", 199_000),
        ("pubmed_long.csv", 3, "title_too_long", LIMIT + 1),
    ]
    reconciliation = long_titles_build.build.query(
        "select raw_rows, kept_rows, merged_rows, rejected_rows from data_quality.dq_file_reconciliation"
        " where source_file = 'pubmed_long.csv'"
    )
    assert reconciliation == [(6, 4, 0, 2)]


def test_title_at_the_limit_is_matched(long_titles_build: MeasuredBuild, sample_build: Build) -> None:
    # paracetamol at its start, atropine and ethanol all along, tranexamic acid (two words) at its very end
    assert mentions(long_titles_build.build, "pubmed_long.csv") == {
        (2, "N02BE"), (2, "A03BA"), (2, "V03AB"), (2, "B02AA"), (4, "A03BA"), (4, "V03AB"),
        (5, "N02BE"), (5, "V03AB"), (5, "B02AA"), (6, "A03BA"), (6, "V03AB"), (6, "B02AA"),
    }
    # and the sample's mentions beside them are the sample's own
    sample_mentions = "select drug_id, source_file, source_row from intermediate.int_drug_mentions_matched order by all"
    with_long = long_titles_build.build.query(sample_mentions)
    assert [row for row in with_long if row[1] != "pubmed_long.csv"] == sample_build.query(sample_mentions)


def test_build_memory_stays_bounded(long_titles_build: MeasuredBuild, sample_peak_mb: float) -> None:
    peak = long_titles_build.peak_mb
    assert peak < PEAK_FACTOR_BOUND * sample_peak_mb, f"peak {peak:.0f} MB, the sample's {sample_peak_mb:.0f} MB"


def test_long_title_under_a_raised_limit_is_matched_in_bounded_memory(tmp_path: Path, sample_peak_mb: float) -> None:
    # the limit guards the export and the rejected-rows model; matching itself stays linear in the title
    measured = measured_dbt_build(long_titles_folder(tmp_path / "raw"), tmp_path, "{max_title_length: 250000}")
    assert measured.returncode == 0, measured.output[-5000:]
    assert mentions(measured.build, "pubmed_long.csv") == {
        (1, "A03BA"), (1, "V03AB"), (1, "B02AA"),
        (2, "N02BE"), (2, "A03BA"), (2, "V03AB"), (2, "B02AA"),
        (3, "N02BE"), (3, "A03BA"), (3, "V03AB"),  # "... tranexamic acids": not the drug
        (4, "A03BA"), (4, "V03AB"),
        (5, "N02BE"), (5, "V03AB"), (5, "B02AA"), (6, "A03BA"), (6, "V03AB"), (6, "B02AA"),
    }
    peak = measured.peak_mb
    assert peak < PEAK_FACTOR_BOUND * sample_peak_mb, f"peak {peak:.0f} MB, the sample's {sample_peak_mb:.0f} MB"


@pytest.mark.parametrize("value", ["'20000; drop table x'", "0", "-5", "2.5", "true", "1000000000", "abc"])
def test_invalid_limit_stops_the_run_naming_the_var(tmp_path: Path, value: str) -> None:
    env = dbt_env(SAMPLE_DIR, tmp_path / "warehouse.duckdb", tmp_path / "output")
    command = [
        str(DBT), "build", "--select", "stg_pubmed__csv_articles", "--vars", f"{{max_title_length: {value}}}",
        "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
    ]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "The var max_title_length must be a whole number of characters" in result.stdout + result.stderr
