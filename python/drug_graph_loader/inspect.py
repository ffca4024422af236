"""The read plan of each new raw file: what the raw views read and how, decided once, when the file arrives.

A plan says where the rows are read from (the file itself, or a copy the loader wrote), in which format, and
for a CSV file its delimiter and column positions. Copies live in the warehouse's copies folder:

* a JSON file: its rows as newline-delimited JSON (``json_records``);
* a CSV file that is not valid UTF-8: the file with each invalid byte sequence replaced by U+FFFD, so that
  its other rows load and the rows holding one are rejected as `invalid_utf8`; a CSV file whose lines end both
  ways (CRLF and LF), which DuckDB's reader stops on: the file with LF line ends;
* a CSV file whose path holds a backslash (which DuckDB reads as a path separator): a symbolic link to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

from .csv_layout import csv_layout, has_data_rows
from .errors import RawFileError
from .fingerprint import fingerprint_file, write_repaired_copy
from .json_records import write_normalized_copy
from .kinds import Kind


@dataclass(frozen=True)
class ReadPlan:
    """How the raw views read one file."""

    source_file: str
    file_kind: str
    checksum: str
    read_path: str
    read_format: str  # "csv" (the file or its repaired copy) or "ndjson" (the loader's copy of a JSON file)
    delimiter: str | None
    column_count: int | None
    positions: list[int] | None
    is_repaired: bool


def _copy_path(copies_dir: str, source_file: str, checksum: str, extension: str) -> str:
    """A copy's path: named after the file's name and checksum, with no character of the name in it."""
    digest = hashlib.sha1(f"{source_file}\0{checksum}".encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return os.path.join(copies_dir, f"{digest}.{extension}")


def remove_copies(copies_dir: str, paths: list[str]) -> int:
    """Removes the loader's copies among `paths` (those directly in `copies_dir`; a link is removed, not what it
    points to), once their files are withdrawn; any other path, and a copy already gone, is left alone. Returns
    the number removed."""
    folder = os.path.abspath(copies_dir)
    removed = 0
    for path in paths:
        if os.path.dirname(os.path.abspath(path)) == folder and os.path.lexists(path):
            os.remove(path)
            removed += 1
    return removed


def plan_file(file: dict[str, Any], kind: Kind, copies_dir: str) -> ReadPlan:
    """The read plan of one file ({file_kind, source_file, file_path}). Raises RawFileError naming the file."""
    path = file["file_path"]
    fingerprint = fingerprint_file(path)
    if kind.format == "json":
        os.makedirs(copies_dir, exist_ok=True)
        copy = _copy_path(copies_dir, file["source_file"], fingerprint.checksum, "ndjson")
        write_normalized_copy(path, file["source_file"], kind, copy)
        return ReadPlan(file["source_file"], kind.table, fingerprint.checksum, copy, "ndjson", None, None, None, False)
    layout = csv_layout(path, kind)
    if kind.required and not has_data_rows(path, layout):
        raise RawFileError(f"Raw file {path}: no value after the header; the {kind.table} list cannot be empty.")
    read_path = path
    if not fingerprint.is_utf8 or fingerprint.has_mixed_line_ends:
        os.makedirs(copies_dir, exist_ok=True)
        read_path = _copy_path(copies_dir, file["source_file"], fingerprint.checksum, "csv")
        write_repaired_copy(path, read_path)
    elif "\\" in path:
        # DuckDB's file system reads a backslash as a path separator: such a path is read through a link.
        os.makedirs(copies_dir, exist_ok=True)
        read_path = _copy_path(copies_dir, file["source_file"], fingerprint.checksum, "link.csv")
        if os.path.lexists(read_path):
            os.remove(read_path)
        os.symlink(os.path.abspath(path), read_path)
    return ReadPlan(
        file["source_file"],
        kind.table,
        fingerprint.checksum,
        read_path,
        "csv",
        layout.delimiter,
        layout.column_count,
        list(layout.positions),
        not fingerprint.is_utf8,
    )


def _inspect_here(request: dict[str, Any], by_table: dict[str, Kind], copies_dir: str, workers: int) -> dict:
    """inspect_files's answer, from threads of this process."""
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            plans = list(pool.map(lambda f: plan_file(f, by_table[f["file_kind"]], copies_dir), request["plan"]))
            checksums = list(pool.map(lambda f: fingerprint_file(f["file_path"]).checksum, request["checksum"]))
    except RawFileError as error:
        return {"error": str(error)}
    except OSError as error:
        return {"error": f"Raw file {error.filename}: {error.strerror}."}
    return {
        "plans": [asdict(plan) for plan in plans],
        "checksums": {file["source_file"]: checksum for file, checksum in zip(request["checksum"], checksums)},
    }


# Planning a JSON file costs about 50 times what planning a CSV file of the same size costs (its rows parsed and
# written, against a checksum and a UTF-8 check): the weight that shares the files between two processes.
_JSON_COST_PER_BYTE = 50


def _split_in_two(request: dict[str, Any], by_table: dict[str, Kind]) -> tuple[dict, dict]:
    """The request's files as two requests of about the same cost: the costliest first, each to the lighter."""
    halves: tuple[dict, dict] = ({"plan": [], "checksum": []}, {"plan": [], "checksum": []})
    costs = [0, 0]
    jobs = []
    for key in ("plan", "checksum"):
        for file in request[key]:
            is_json = key == "plan" and by_table[file["file_kind"]].format == "json"
            jobs.append((os.stat(file["file_path"]).st_size * (_JSON_COST_PER_BYTE if is_json else 1), key, file))
    for cost, key, file in sorted(jobs, key=lambda job: -job[0]):
        lighter = costs.index(min(costs))
        halves[lighter][key].append(file)
        costs[lighter] += cost
    return halves


def _start_second_process(request: dict[str, Any], kinds: list[Kind]) -> subprocess.Popen:
    """Starts `python -m drug_graph_loader.inspect` on a request; its answer comes on its standard output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "drug_graph_loader.inspect"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)},
        encoding="utf-8",
        errors="surrogateescape",
    )
    # the child reads all of its input before it starts: this write ends when the child has it
    with process.stdin:
        process.stdin.write(json.dumps({**request, "kinds": [asdict(kind) for kind in kinds]}))
    return process


def inspect_files(
    request: dict[str, Any], kinds: list[Kind], workers: int = 2, two_processes_from_bytes: int | None = None
) -> dict[str, Any]:
    """Plans for request["plan"] (new files) and checksums for request["checksum"] (files whose modification
    time changed but not their size), in parallel threads (hashing lets go of the GIL). When the files weigh
    `two_processes_from_bytes` or more and `workers` > 1, a second Python process reads about half of them: the
    UTF-8 check and the JSON rows hold the GIL (docs/performance.md, "Loader reads in two processes").
    Returns {"plans": [...], "checksums": {source_file: checksum}} or {"error": message}."""
    by_table = {kind.table: kind for kind in kinds}
    # absolute: the raw views read the copies whatever the working directory of whoever queries them
    copies_dir = os.path.abspath(request["copies_dir"])
    files = [*request["plan"], *request["checksum"]]
    try:
        total_bytes = sum(os.stat(file["file_path"]).st_size for file in files)
    except OSError as error:
        return {"error": f"Raw file {error.filename}: {error.strerror}."}
    if workers < 2 or len(files) < 2 or two_processes_from_bytes is None or total_bytes < two_processes_from_bytes:
        return _inspect_here(request, by_table, copies_dir, workers)
    here, there = _split_in_two(request, by_table)
    process = _start_second_process({**there, "copies_dir": copies_dir}, kinds)
    answers = [_inspect_here(here, by_table, copies_dir, workers)]
    with process.stdout:
        output = process.stdout.read()
    if process.wait() != 0:
        return {"error": f"The loader's second process stopped with exit code {process.returncode}."}
    answers.append(json.loads(output))
    errors = [answer["error"] for answer in answers if "error" in answer]
    if errors:
        return {"error": errors[0]}
    plans = {plan["source_file"]: plan for answer in answers for plan in answer["plans"]}
    checksums = {name: checksum for answer in answers for name, checksum in answer["checksums"].items()}
    return {
        "plans": [plans[file["source_file"]] for file in request["plan"]],
        "checksums": {file["source_file"]: checksums[file["source_file"]] for file in request["checksum"]},
    }


if __name__ == "__main__":
    # inspect_files's second process: a request on standard input, the answer on standard output.
    from .kinds import kinds_from_config

    _request = json.loads(sys.stdin.read())
    # ASCII both ways (JSON escapes): a file name that is not UTF-8 comes back as it went, whatever the locale
    sys.stdout.write(json.dumps(inspect_files(_request, kinds_from_config(_request["kinds"]))))
