"""Export files written under a temporary name and renamed once whole, so a reader never sees half a file, and a
failed write gives its disk space back before its error goes on."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# What a run writes under a temporary name, relative to the output folder (see `remove_leftovers`).
TEMPORARY_PATTERNS = ("drug_graph.json*.tmp", "graph_nodes/*.tmp", "graph_edges/*.tmp")


def temporary(path: Path) -> Path:
    """The temporary name of ``path`` while it is written: ``.tmp`` after its own name, in the same folder (so
    that the rename is atomic)."""
    return path.with_name(path.name + ".tmp")


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """The temporary path to write ``path`` at: renamed over ``path`` when the block ends, removed if the block or
    the rename fails (a full disk: the space of a half-written file is given back), the error going on."""
    temporary_path = temporary(path)
    try:
        yield temporary_path
        os.replace(temporary_path, path)
    except BaseException:
        temporary_path.unlink(missing_ok=True)
        raise


@contextmanager
def removed_after(path: Path) -> Iterator[Path]:
    """``path``, removed when the block ends, whether it failed or not (and whether it was written or not)."""
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def remove_leftovers(output_dir: Path) -> None:
    """Removes the temporary files (TEMPORARY_PATTERNS) of a run killed while writing into ``output_dir`` (a run
    that fails removes its own); other files are left as they are."""
    for pattern in TEMPORARY_PATTERNS:
        for leftover in output_dir.glob(pattern):
            leftover.unlink(missing_ok=True)
