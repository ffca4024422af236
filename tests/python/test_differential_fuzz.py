"""Differential fuzz test: random messy raw folders go through the pipeline (`dbt build` on DuckDB) and through
the pure-Python reference of the README's rules (tests/python/reference); both must give the same drugs,
publications, journals, mentions, journal mentions, rejected rows (file, row, reason), merged rows, ambiguous
dates, per-file reconciliation and JSON graph. One case in three is built in two runs, the second adding some
of the publication files (an incremental build), and must still agree.

The folders come from a seeded generator (tests/python/fuzzing/generator.py): the same seed gives the same
folder. `make test` runs FUZZ_CASES=5 cases from seed 0; `make fuzz` runs 200 from a seed taken from the clock
(FUZZ_CASES, FUZZ_SEED, FUZZ_TRAPS to change them). A failing case keeps its folder in target/fuzz-failures/
and prints the seed and the commands that reproduce it. See docs/fuzzing.md.
"""

from __future__ import annotations

import os
import shutil
import time
import traceback
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_DIR, Build, run_dbt
from fuzzing.generator import LOADER_HARDENING_TRAPS, README_TRAPS, TRAPS, generate_case
from fuzzing.pipeline import built_outcome
from reference.outcome import expected_outcome


def enabled_traps(names: str) -> frozenset[str]:
    """FUZZ_TRAPS: trap names separated by commas, or `loader` (LOADER_HARDENING_TRAPS), `readme`, `all`."""
    groups = {"loader": LOADER_HARDENING_TRAPS, "readme": README_TRAPS, "all": TRAPS}
    traps: set[str] = set()
    for name in filter(None, (part.strip() for part in names.split(","))):
        traps |= groups.get(name, {name})
    return frozenset(traps)


FUZZ_CASES = int(os.environ.get("FUZZ_CASES", "5"))
FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "0"))
FUZZ_TRAPS = enabled_traps(os.environ.get("FUZZ_TRAPS", "loader"))
FAILURES_DIR = Path(os.environ.get("FUZZ_FAILURES_DIR", str(REPO / "target" / "fuzz-failures")))


def write_files(files: dict[str, bytes], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)


def kept_failure(seed: int, raw_dir: Path, report: str) -> Path:
    """Copies a failing case's folder to FAILURES_DIR/seed-<seed>, with what failed and how to reproduce it."""
    kept = FAILURES_DIR / f"seed-{seed}"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(raw_dir, kept / "raw")
    (kept / "failure.txt").write_text(report, encoding="utf-8")
    return kept


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the warehouse and dbt's target of every case, one case after the other: with the same
    profile (the warehouse's path), dbt parses the project once and reuses the parse (a full parse is about half
    of a small case's build)."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("seed", range(FUZZ_SEED, FUZZ_SEED + FUZZ_CASES))
def test_pipeline_agrees_with_reference(seed: int, tmp_path: Path, workspace: Path) -> None:
    case = generate_case(seed, FUZZ_TRAPS)
    raw_dir = tmp_path / "raw"
    build = Build(raw_dir, workspace / "warehouse.duckdb", tmp_path / "output")
    for stale in workspace.glob("warehouse.duckdb*"):  # the warehouse, its WAL and the loader's copies
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    started = time.monotonic()
    write_files({name: data for name, data in case.files.items() if name not in case.later_files}, raw_dir)
    runs = [case.later_files] if case.later_files else []
    failure = None
    for later in [None, *runs]:
        if later:
            write_files({name: case.files[name] for name in later}, raw_dir)
        result = run_dbt(["build"], build.env())
        if result.returncode != 0:
            output = result.stdout + result.stderr
            summary = output.rfind("Completed with")  # dbt's list of the errors, after every node's line
            failure = "dbt build failed:\n" + (output[summary:] if summary >= 0 else output)[-5000:]
            break
    if failure is None:
        try:
            expected = expected_outcome(raw_dir)
        except Exception:  # noqa: BLE001 (a failure of the reference is reported like any other, with its folder)
            failure = "the reference failed:\n" + traceback.format_exc()
    if failure is None:
        differences = expected.differences(built_outcome(build.database, build.graph_path))
        if differences:
            failure = "the pipeline and the reference differ (- expected only, + built only):\n" + "\n".join(
                differences
            )
    if failure:
        reproduce = (
            f"reproduce: make fuzz FUZZ_SEED={seed} FUZZ_CASES=1"
            + (f" FUZZ_TRAPS={','.join(sorted(FUZZ_TRAPS))}" if FUZZ_TRAPS else "")
            + "\n   or: RAW_DATA_DIR=<the kept raw folder> DUCKDB_PATH=/tmp/fuzz.duckdb .venv/bin/dbt build"
            + (f" (first without {', '.join(case.later_files)})" if case.later_files else "")
        )
        report = f"{case.describe()}\n{reproduce}\n{failure}\n"
        kept = kept_failure(seed, raw_dir, report)
        pytest.fail(f"{report}kept in {kept}", pytrace=False)
    print(f"{case.describe()}: agree in {time.monotonic() - started:.1f} s")


def test_generator_is_deterministic() -> None:
    assert generate_case(7).files == generate_case(7).files
    assert generate_case(7).files != generate_case(8).files


def test_default_cases_set_no_trap() -> None:
    assert generate_case(3).traps == frozenset()
    with pytest.raises(ValueError, match="unknown traps"):
        generate_case(3, frozenset({"no_such_trap"}))


def test_reference_agrees_on_the_sample(sample_build: Build) -> None:
    differences = expected_outcome(SAMPLE_DIR).differences(built_outcome(sample_build.database, sample_build.graph_path))
    assert not differences, "\n".join(differences)


def test_reference_agrees_on_the_exercise_files(servier_build: Build) -> None:
    expected = expected_outcome(servier_build.raw_dir)
    differences = expected.differences(built_outcome(servier_build.database, servier_build.graph_path))
    assert not differences, "\n".join(differences)


def test_a_disagreement_is_found(tmp_path: Path) -> None:
    """The comparison can fail: the sample's reference outcome against a build missing one file."""
    raw_dir = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw_dir)
    expected = expected_outcome(raw_dir)
    (raw_dir / "pubmed_2.csv").unlink()
    smaller = expected_outcome(raw_dir)
    assert any(line.startswith("dim_publications") for line in expected.differences(smaller))


def test_trap_groups() -> None:
    assert enabled_traps("loader") == LOADER_HARDENING_TRAPS
    assert enabled_traps("late_quotes, readme") == {"late_quotes", *README_TRAPS}
