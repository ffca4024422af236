"""Benchmark of the whole pipeline against the bare match floor and the typical pandas approach.

    python bench/run_bench.py --publications 1000000 --drugs 10000 [--pandas-publications 20000]

Generates the input once (bench/generate_data.py), then measures in one run, each in its own process:
the full `dbt build` (read, clean, match, marts, tests, export), the same with 7 drug names instead of
all, the same under a 1 GB DuckDB memory limit and one model at a time (--low-memory), the bare floor (bench/floor.py) and, at a
small size, the pandas loop over drugs (bench/pandas_baseline.py) next to the pipeline and the floor on the
same small input. Right after the full build, it adds new files holding 1% more publications
(--incremental-percent) and measures the incremental `dbt build` on the pipeline's warehouse, then a full
build of the grown folder, whose export files (JSON graph, Parquet nodes and edges) must have the same
bytes. Each run starts once the files written before are on disk, with the page cache as the runs before
left it: the incremental build finds the warehouse and the export its full build just wrote, as every full
build finds the raw files read before (measured after the other builds, the incremental build read its
6.7 GB again from disk). Prints wall time, CPU time and peak memory of each and the ratios between them,
checks that the pipeline's mention pairs equal the floor's, and writes the results to bench/results/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DBT = str(Path(PYTHON).with_name("dbt"))
# The job's build (scripts/run_job.sh): the unit tests run in `make test`, not on the data.
JOB_BUILD = [DBT, "build", "--exclude-resource-type", "unit_test"]


@dataclass
class Measure:
    """One measured command: wall and CPU seconds, peak resident memory of its largest process."""

    name: str
    wall_s: float
    cpu_s: float
    peak_mb: float

    def row(self) -> str:
        return f"| {self.name} | {self.wall_s:,.1f} | {self.cpu_s:,.1f} | {self.peak_mb:,.0f} |"


def measure(
    name: str, command: list[str], env: dict[str, str] | None = None, log: Path | None = None, required: bool = True,
) -> Measure:
    """Runs a command; a failure stops the benchmark, or only marks the run FAILED when it is not required.
    The files the runs before wrote are on disk first: a run does not wait on their writing (the page cache
    keeps them)."""
    os.sync()
    started = time.perf_counter()
    with open(log or os.devnull, "w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        if required:
            sys.exit(f"{name} failed: {' '.join(command)} (see {log})")
        name = f"{name} (FAILED, see {log})"
    result = Measure(name, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
    print(f"  {name}: {result.wall_s:,.1f} s wall, {result.cpu_s:,.1f} s CPU, {result.peak_mb:,.0f} MB peak", flush=True)
    return result


def generate(raw_dir: Path, publications: int, drugs: int, append_percent: float | None = None) -> None:
    if append_percent is None and (raw_dir / "_expected_counts.json").exists():
        return
    files = 4 if append_percent is not None else max(4, min(64, publications // 500_000))
    subprocess.run(
        [PYTHON, "bench/generate_data.py", str(raw_dir), "--publications", str(publications), "--drugs", str(drugs),
         "--files-per-kind", str(files), *(["--append-percent", str(append_percent)] if append_percent else [])],
        cwd=REPO, check=True,
    )


def linked_copy(raw_dir: Path, target: Path) -> Path:
    """A folder of links to the raw files, which the incremental measure can grow without touching them."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in raw_dir.iterdir():
        if path.name == "_expected_counts.json":
            shutil.copy(path, target / path.name)
        else:
            (target / path.name).symlink_to(path.resolve())
    return target


def with_first_drugs(raw_dir: Path, target: Path, count: int) -> Path:
    """The same publications (linked, not copied) with only the first `count` drugs."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in raw_dir.iterdir():
        if not path.name.startswith("drugs"):
            (target / path.name).symlink_to(path.resolve())
    lines = (raw_dir / "drugs.csv").read_text(encoding="utf-8").splitlines()
    (target / "drugs.csv").write_text("\n".join(lines[: count + 1]) + "\n", encoding="utf-8")
    return target


def pipeline(
    name: str, raw_dir: Path, work: Path, memory_limit: str, fresh: bool = True, threads: int | None = None,
    required: bool = True,
) -> tuple[Measure, Path]:
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        RAW_DATA_DIR=str(raw_dir), OUTPUT_DIR=str(work / "output"), DUCKDB_PATH=str(work / "warehouse.duckdb"),
        DUCKDB_MEMORY_LIMIT=memory_limit, DBT_PROFILES_DIR=str(REPO), DBT_TARGET="duckdb",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    command = [*JOB_BUILD, "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    if threads:
        command += ["--threads", str(threads)]
    log = work / ("build.log" if fresh else "build-incremental.log")  # the full build's log stays
    return measure(name, command, env, log, required), work / "warehouse.duckdb"


def floor(name: str, raw_dir: Path, out: Path) -> Measure:
    return measure(name, [PYTHON, "bench/floor.py", str(raw_dir), str(out)])


PIPELINE_PAIRS = """
    copy (
        select m.drug_id as atccode, p.source_kind as kind, p.publication_id as id
        from marts.fct_drug_mentions as m inner join intermediate.int_publication_rows_resolved as p
            on m.source_file = p.source_file and m.source_row = p.source_row and p.resolution = 'publication'
        where not p.is_id_generated
    ) to '{out}' (format parquet)
"""


def save_pipeline_pairs(database: Path, out: Path) -> None:
    """Writes the pipeline's mention pairs to a Parquet file (the columns of the floor's), in a child process: the
    incremental measure changes the warehouse next, and the comparison with the floor's pairs comes last (the
    pairs fill the memory of the process reading them, which a forked child would count as its own)."""
    code = "import sys, duckdb; duckdb.connect(sys.argv[1], read_only=True).execute(sys.argv[2])"
    subprocess.run([PYTHON, "-c", code, str(database), PIPELINE_PAIRS.format(out=out)], check=True)


def export_files(output_dir: Path) -> dict[str, str]:
    """The export files of a build (the JSON graph and every Parquet part), with the SHA-256 of their bytes."""
    paths = [output_dir / "drug_graph.json", *sorted(output_dir.glob("graph_*/*.parquet"))]
    digests = {}
    for path in paths:
        with path.open("rb") as export:
            digests[str(path.relative_to(output_dir))] = hashlib.file_digest(export, "sha256").hexdigest()
    return digests


def parquet_pairs(path: Path) -> set[tuple[str, str, str]]:
    rows = duckdb.sql(f"select atccode, kind, id from '{path}' where coalesce(id, '') <> ''").fetchall()
    return set(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--publications", type=int, default=1_000_000)
    parser.add_argument("--drugs", type=int, default=10_000)
    parser.add_argument("--pandas-publications", type=int, default=20_000, help="size of the pandas comparison")
    parser.add_argument("--memory-limit", default="2GB", help="DuckDB memory limit of the main pipeline run")
    parser.add_argument("--low-memory", action="store_true", help="also run the pipeline with a 1GB limit")
    parser.add_argument("--incremental-percent", type=float, default=1.0,
                        help="size of the new files of the incremental measure, in %% of the publications (0: skip)")
    parser.add_argument("--work-dir", type=Path, default=REPO / "bench" / "work")
    parser.add_argument("--results-dir", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()

    size = f"{args.publications}x{args.drugs}"
    raw = args.work_dir / f"raw-{size}"
    small = args.work_dir / f"raw-{args.pandas_publications}x{args.drugs}"
    print(f"generating {size} (once) ...", flush=True)
    generate(raw, args.publications, args.drugs)
    generate(small, args.pandas_publications, args.drugs)
    seven = with_first_drugs(raw, args.work_dir / f"raw-{args.publications}x7", 7)
    live = linked_copy(raw, args.work_dir / f"raw-{size}-grown")

    print(f"measuring at {size} ...", flush=True)
    runs: list[Measure] = []
    floor_run = floor("floor", raw, args.work_dir / "floor.parquet")
    full_run, database = pipeline("pipeline", live, args.work_dir / "pipeline", args.memory_limit)
    runs += [floor_run, full_run]
    save_pipeline_pairs(database, args.work_dir / "pipeline-pairs.parquet")

    incremental_equal = None
    if args.incremental_percent:
        print(f"adding {args.incremental_percent}% more publications ...", flush=True)
        generate(live, args.publications, args.drugs, args.incremental_percent)
        incremental_run, _ = pipeline(f"incremental build, +{args.incremental_percent}%", live,
                                      args.work_dir / "pipeline", args.memory_limit, fresh=False)
        grown_run, _ = pipeline(f"full build, +{args.incremental_percent}%", live, args.work_dir / "pipeline-grown",
                                args.memory_limit)
        runs += [incremental_run, grown_run]
        incremental_equal = export_files(args.work_dir / "pipeline" / "output") == export_files(
            args.work_dir / "pipeline-grown" / "output"
        )

    seven_run, _ = pipeline("pipeline, 7 drugs", seven, args.work_dir / "pipeline-7", args.memory_limit)
    runs.append(seven_run)
    if args.low_memory:
        # The limit is shared by the models dbt runs at once: under 1 GB, one model at a time.
        runs.append(pipeline("pipeline, 1GB limit, --threads 1", raw, args.work_dir / "pipeline-1gb", "1GB",
                             threads=1, required=False)[0])

    print(f"measuring at {args.pandas_publications}x{args.drugs} ...", flush=True)
    small_floor = floor("floor (small)", small, args.work_dir / "floor-small.parquet")
    small_pipeline, _ = pipeline("pipeline (small)", small, args.work_dir / "pipeline-small", args.memory_limit)
    small_pandas = measure("pandas loop (small)", [PYTHON, "bench/pandas_baseline.py", str(small),
                                                   str(args.work_dir / "pandas-small.parquet")])
    runs += [small_floor, small_pipeline, small_pandas]
    # compared last: the pairs fill this process's memory, which a forked child would count as its own
    pairs_equal = parquet_pairs(args.work_dir / "pipeline-pairs.parquet") == parquet_pairs(args.work_dir / "floor.parquet")

    ratios = {
        "pipeline / floor (wall)": full_run.wall_s / floor_run.wall_s,
        f"pipeline {args.drugs:,} drugs / 7 drugs (wall)": full_run.wall_s / seven_run.wall_s,
        "pandas / pipeline at small size (wall)": small_pandas.wall_s / small_pipeline.wall_s,
        "pandas / floor at small size (wall)": small_pandas.wall_s / small_floor.wall_s,
    }
    if incremental_equal is not None:
        ratios["incremental / full build of the grown folder (wall)"] = incremental_run.wall_s / grown_run.wall_s
    now = datetime.now(UTC)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    lines = [
        f"# Benchmark {size} ({now:%Y-%m-%d})",
        "",
        f"Machine: {machine}; Python {platform.python_version()}; DuckDB {duckdb.__version__}.",
        (f"Command: `python bench/run_bench.py --publications {args.publications} --drugs {args.drugs}"
        f" --pandas-publications {args.pandas_publications}{' --low-memory' if args.low_memory else ''}"
        f" --memory-limit {args.memory_limit} --incremental-percent {args.incremental_percent}`"),
        "",
        "| run | wall s | CPU s | peak MB |",
        "| --- | ---: | ---: | ---: |",
        *(run.row() for run in runs),
        "",
        *(f"- {name}: {value:.2f}x" if value >= 1 else f"- {name}: {value:.3f}x" for name, value in ratios.items()),
        f"- pipeline mention pairs equal the floor's: {'yes' if pairs_equal else 'NO'}",
        *(["- incremental exports (JSON graph, Parquet nodes and edges) equal the full build's, byte for byte: "
           + ("yes" if incremental_equal else "NO")] if incremental_equal is not None else []),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stem = args.results_dir / f"{now:%Y-%m-%d}-{size}"
    stem.with_suffix(".md").write_text(report, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps({
        "size": size, "date": now.isoformat(timespec="seconds"), "machine": machine,
        "runs": [asdict(run) for run in runs], "ratios": ratios, "pairs_equal": pairs_equal,
        "incremental_equal": incremental_equal,
    }, indent=2) + "\n", encoding="utf-8")
    if not pairs_equal:
        sys.exit("the pipeline's mention pairs differ from the floor's")
    if incremental_equal is False:
        sys.exit("the incremental build's export files differ from the full build's")


if __name__ == "__main__":
    main()
