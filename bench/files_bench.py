"""Benchmark of the number of raw files: a full build on N small files, then 10 more files incrementally.

    python bench/files_bench.py [--sizes 1000,10000,100000] [--added 10] [--base-files 10]

For each size N it generates a folder of N PubMed CSV files of 5 rows each (ids, titles of which about one in five
mentions one of the drugs, dates, journals) and one drugs file of 500 drugs, measures the full `dbt build` on it,
then adds 10 files and measures the incremental `dbt build` on that warehouse. A build on `--base-files` files
measures the fixed cost of a build (the models, tests and hooks whatever the data), so that each size gives its
time per file beyond that cost: (wall(N) - wall(base)) / (N - base). Wall time, CPU time and peak resident memory
are those of the dbt process tree, measured as bench/run_bench.py does (os.wait4: the peak is that of its largest
process). Each build is checked: every publication of every file is in dim_publications.

Results go to bench/results/<date>-files.{json,md}, with the issue's targets: a full build on 100,000 files at most
2.5 GB peak and 5 ms per file beyond the fixed cost, +10 files on a warehouse of 100,000 files in 15 s at most, and
a per-file time that does not grow with N (linear growth).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from run_bench import JOB_BUILD, REPO, Measure, measure

ROWS_PER_FILE = 5
DRUGS = 500
SEED = 20
JOURNALS = [f"Journal of {field}" for field in (
    "emergency nursing", "food protection", "pediatrics", "cardiology", "pharmacology", "internal medicine",
    "clinical oncology", "dermatology", "psychiatry", "neurology",
)]
WORDS = ("study", "effect", "trial", "patients", "dose", "therapy", "outcome", "adults", "children", "review",
         "randomized", "safety", "after", "during", "with", "and", "of", "in", "the", "treatment")
STEMS = ("atro", "beta", "dipheno", "tetra", "etha", "epine", "isopre", "cetiri", "ampi", "cefa", "dexa", "predni",
         "metho", "levo", "propa", "carba", "amino", "chloro", "fluo", "hydro")
ENDINGS = ("pine", "sone", "cycline", "nol", "zine", "cillin", "lone", "xate", "mide", "pam")

# The targets (at 100,000 files, on 2 cores with the default memory limit).
TARGET_PEAK_MB = 2.5 * 1024
TARGET_MS_PER_FILE = 5.0
TARGET_INCREMENTAL_S = 15.0
TARGET_SIZE = 100_000


def drug_names() -> list[str]:
    """500 distinct one- or two-word drug names made of stems and endings, the same every time."""
    singles = [stem + ending for stem in STEMS for ending in ENDINGS]  # 200
    pairs = [f"{a} {b}" for a in singles[:20] for b in ("hydrochloride", "sodium", "acetate", "sulfate", "citrate",
                                                          "phosphate", "maleate", "tartrate", "mesylate", "bromide",
                                                          "succinate", "fumarate", "besylate", "nitrate", "oxide")]
    names = (singles + pairs)[:DRUGS]
    assert len(set(names)) == DRUGS
    return [name.upper() for name in names]


def write_drugs(raw_dir: Path) -> list[str]:
    names = drug_names()
    lines = ["atccode,drug", *(f"D{number:05d},{name}" for number, name in enumerate(names))]
    (raw_dir / "drugs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return names


def write_files(raw_dir: Path, prefix: str, first: int, count: int, drugs: list[str]) -> None:
    """`count` PubMed CSV files of 5 rows, numbered from `first`; ids unique across every file of the folder."""
    for number in range(first, first + count):
        rng = random.Random(f"{SEED}-{prefix}-{number}")
        rows = ["id,title,date,journal"]
        for row in range(ROWS_PER_FILE):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 12))]
            if rng.random() < 0.2:
                words.insert(rng.randrange(len(words) + 1), rng.choice(drugs).title())
            title = " ".join(words).capitalize()
            date = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2022)}"
            publication_id = number * ROWS_PER_FILE + row + (0 if prefix == "pubmed" else 10**9)
            rows.append(f"{publication_id},{title},{date},{rng.choice(JOURNALS)}")
        (raw_dir / f"{prefix}_{number:07d}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def generate(raw_dir: Path, files: int) -> list[str]:
    """A folder of `files` PubMed files and the drugs file (made once per size, kept under --work-dir)."""
    done = raw_dir / "_files.json"
    if done.exists() and json.loads(done.read_text())["files"] == files:
        return drug_names()
    if raw_dir.exists():
        shutil.rmtree(raw_dir)
    raw_dir.mkdir(parents=True)
    drugs = write_drugs(raw_dir)
    write_files(raw_dir, "pubmed", 0, files, drugs)
    done.write_text(json.dumps({"files": files}), encoding="utf-8")
    return drugs


def build(name: str, raw_dir: Path, work: Path, fresh: bool) -> Measure:
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        RAW_DATA_DIR=str(raw_dir), OUTPUT_DIR=str(work / "output"), DUCKDB_PATH=str(work / "warehouse.duckdb"),
        DBT_PROFILES_DIR=str(REPO), DBT_TARGET="duckdb", DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    env.pop("DUCKDB_MEMORY_LIMIT", None)  # the profile's default
    command = [*JOB_BUILD, "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    return measure(name, command, env, work / ("build.log" if fresh else "build-incremental.log"))


def check(work: Path, files: int) -> None:
    """Every publication of every file made it to dim_publications."""
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as connection:
        (publications,) = connection.execute("select count(*) from marts.dim_publications").fetchall()[0]
    if publications != files * ROWS_PER_FILE:
        sys.exit(f"{work}: {publications} publications, {files * ROWS_PER_FILE} expected")


@dataclass
class SizeResult:
    files: int
    full: Measure
    incremental: Measure
    full_ms_per_file: float  # wall, beyond the fixed cost (the build on --base-files files)
    full_cpu_ms_per_file: float  # CPU, beyond the fixed cost
    parquet_files: int  # in the export after the incremental build


def measure_size(files: int, added: int, work_dir: Path) -> tuple[Measure, Measure | None, int]:
    """The full build on `files` files, then (unless `added` is 0) the incremental build with `added` more."""
    raw_dir = work_dir / f"raw-{files}"
    drugs = generate(raw_dir, files)
    work = work_dir / f"build-{files}"
    for stale in raw_dir.glob("pubmed-added_*.csv"):
        stale.unlink()
    full = build(f"full build, {files:,} files", raw_dir, work, fresh=True)
    check(work, files)
    if not added:
        return full, None, 0
    write_files(raw_dir, "pubmed-added", 0, added, drugs)
    try:
        incremental = build(f"+{added} files on {files:,}", raw_dir, work, fresh=False)
        check(work, files + added)
    finally:
        for path in raw_dir.glob("pubmed-added_*.csv"):
            path.unlink()
    parquet_files = len(list((work / "output").glob("graph_*/*.parquet")))
    return full, incremental, parquet_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="numbers of raw files, comma-separated")
    parser.add_argument("--added", type=int, default=10, help="files added for the incremental build")
    parser.add_argument("--base-files", type=int, default=10, help="files of the build measuring the fixed cost")
    parser.add_argument("--work-dir", type=Path, default=REPO / "bench" / "work" / "files")
    parser.add_argument("--results-dir", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()
    sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    if not sizes or sizes[0] <= args.base_files or args.base_files < 1 or args.added < 1:
        parser.error(f"--sizes must be numbers of files above --base-files ({args.base_files}, at least 1);"
                     " --added at least 1")

    load_before = os.getloadavg()[1]
    print(f"fixed cost: a build on {args.base_files} files ...", flush=True)
    base, _, _ = measure_size(args.base_files, 0, args.work_dir)
    results = []
    for files in sizes:
        print(f"{files:,} files ...", flush=True)
        full, incremental, parquet_files = measure_size(files, args.added, args.work_dir)
        assert incremental is not None
        per_file = (full.wall_s - base.wall_s) / (files - args.base_files) * 1000
        cpu_per_file = (full.cpu_s - base.cpu_s) / (files - args.base_files) * 1000
        results.append(SizeResult(files, full, incremental, per_file, cpu_per_file, parquet_files))

    # other work on the machine stretches wall times (CPU times less): the load average says how much there was
    load = f"{load_before:.1f} before, {os.getloadavg()[1]:.1f} after (5-minute load average, {os.cpu_count()} cores)"
    now = datetime.now(UTC)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    largest = results[-1]
    targets = {}
    if largest.files >= TARGET_SIZE:
        targets = {
            f"full build on {largest.files:,} files, peak <= {TARGET_PEAK_MB:,.0f} MB": largest.full.peak_mb <= TARGET_PEAK_MB,
            f"full build, <= {TARGET_MS_PER_FILE} ms per file beyond the fixed cost": largest.full_ms_per_file <= TARGET_MS_PER_FILE,
            f"+{args.added} files on {largest.files:,} files, <= {TARGET_INCREMENTAL_S} s": largest.incremental.wall_s <= TARGET_INCREMENTAL_S,
        }
    if len(results) > 1:
        # linear: the time per file beyond the fixed cost does not grow with the number of files (within 50%)
        smallest = results[0]
        targets["linear growth (ms per file at the largest size <= 1.5x at the smallest)"] = (
            largest.full_ms_per_file <= 1.5 * max(smallest.full_ms_per_file, 0.1)
        )
    lines = [
        f"# Files benchmark ({now:%Y-%m-%d})",
        "",
        f"Machine: {machine}; Python {platform.python_version()}; DuckDB {duckdb.__version__}.",
        (f"Command: `python bench/files_bench.py --sizes {','.join(map(str, sizes))} --added {args.added}"
         f" --base-files {args.base_files}`"),
        f"Each file: {ROWS_PER_FILE} PubMed rows (CSV); one drugs file of {DRUGS} drugs; the profile's memory limit.",
        f"Load: {load}.",
        "",
        "| run | wall s | CPU s | peak MB |",
        "| --- | ---: | ---: | ---: |",
        base.row(),
        *(row for result in results for row in (result.full.row(), result.incremental.row())),
        "",
        f"Fixed cost (full build on {args.base_files} files): {base.wall_s:,.1f} s wall, {base.cpu_s:,.1f} s CPU.",
        "",
        "| files | full build, wall ms per file beyond the fixed cost | CPU ms per file | +files, wall s | export Parquet files |",
        "| ---: | ---: | ---: | ---: | ---: |",
        *(f"| {r.files:,} | {r.full_ms_per_file:,.2f} | {r.full_cpu_ms_per_file:,.2f} | {r.incremental.wall_s:,.1f}"
          f" | {r.parquet_files:,} |" for r in results),
        "",
        *(f"- {name}: {'yes' if met else 'NO'}" for name, met in targets.items()),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stem = args.results_dir / f"{now:%Y-%m-%d}-files"
    stem.with_suffix(".md").write_text(report, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps({
        "date": now.isoformat(timespec="seconds"), "machine": machine, "load": load, "sizes": sizes, "added": args.added,
        "base": asdict(base), "results": [asdict(result) for result in results], "targets": targets,
    }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
