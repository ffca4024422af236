"""The JSON file of the graph, in parts: where each part's lines and each fixed line go.

The file is the fixed lines around the runs of lines of each kind of element, in order::

    fixed line 0                   {"directed":true, ... ,"nodes":[
    the nodes' parts, in order     one node per line, each ending with ",\\n", but the last line of the
                                   last part, which ends with "\\n"
    fixed line 1                   ],"edges":[
    the edges' parts, in order     as the nodes
    fixed line 2                   ]}

A part's ``json_bytes`` counts its lines as they are inside the file (each ending with a comma and a newline);
the last part of each kind of element is one byte shorter in the file (no comma on its last line).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MAX_BUCKETS = 65536  # as macros/export_buckets.sql

PartKey = tuple[str, int]


@dataclass(frozen=True)
class Part:
    """One part of the export: the elements of one kind (``nodes`` or ``edges``) in one bucket of raw files.

    ``json_bytes`` is the size of its lines, each counted with its comma and newline. ``unchanged`` parts are
    copied from the previous JSON file, where they start at ``previous_json_offset`` in a file of
    ``previous_json_file_bytes`` bytes (both None for a changed part). ``parquet_file`` names its Parquet file."""

    element: str
    export_part: int
    json_bytes: int
    unchanged: bool
    previous_json_offset: int | None = None
    previous_json_file_bytes: int | None = None
    parquet_file: str = ""

    @property
    def key(self) -> PartKey:
        return (self.element, self.export_part)


@dataclass(frozen=True)
class Layout:
    """Where things go in the JSON file: each part's first byte (``offsets``), the parts whose last line has no
    comma (``last_parts``), each fixed line's first byte (``fixed_offsets``), and the file's size."""

    offsets: dict[PartKey, int]
    last_parts: frozenset[PartKey]
    fixed_offsets: tuple[int, ...]
    file_bytes: int

    def ending(self, part: Part) -> bytes:
        """How the part's last line ends in the file: a newline for the last part of its kind, else a comma too."""
        return b"\n" if part.key in self.last_parts else b",\n"


def bucket_count(value: object) -> int:
    """The ``export_buckets`` var, as macros/export_buckets.sql reads it: a whole number from 1 to MAX_BUCKETS
    (surrounding spaces allowed). Anything else raises ValueError naming the var and the value."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= MAX_BUCKETS:
        raise ValueError(f"The var export_buckets must be a whole number from 1 to {MAX_BUCKETS}, not '{value}'")
    return int(text)


def lay_out(parts: Sequence[Part], fixed_lines: Sequence[bytes], elements: Sequence[str]) -> Layout:
    """The layout of the file holding ``parts`` (in the order of the file) between ``fixed_lines``.

    ``elements`` are the kinds of elements in the order of the file; ``fixed_lines`` has one more entry (the
    line before the first kind, between two kinds, after the last), each with its newline. A kind may have no
    part: its fixed lines then follow each other. Raises ValueError when the counts do not match, when a part
    is of another kind, or when a part has fewer bytes than a comma and a newline."""
    if len(fixed_lines) != len(elements) + 1:
        raise ValueError(f"{len(elements)} kinds of elements need {len(elements) + 1} fixed lines, not {len(fixed_lines)}")
    for part in parts:
        if part.element not in elements:
            raise ValueError(f"part {part.key}: its kind of element is not one of {list(elements)}")
        if part.json_bytes is None or part.json_bytes < 2:
            raise ValueError(f"part {part.key}: {part.json_bytes} bytes, less than a line's comma and newline")
    offsets: dict[PartKey, int] = {}
    last_parts: set[PartKey] = set()
    fixed_offsets = [0]
    position = len(fixed_lines[0])
    for index, element in enumerate(elements):
        element_parts = [part for part in parts if part.element == element]
        for part in element_parts:
            offsets[part.key] = position
            position += part.json_bytes
        if element_parts:
            last_parts.add(element_parts[-1].key)
            position -= 1  # no comma after the last line of this kind
        fixed_offsets.append(position)
        position += len(fixed_lines[index + 1])
    return Layout(offsets, frozenset(last_parts), tuple(fixed_offsets), position)


def previous_json_is_intact(json_path: Path, parts: Iterable[Part]) -> bool:
    """Whether ``json_path`` is the file the unchanged parts were copied from: it exists and has the size they
    all record (a file changed or removed by hand is written again whole). False when no part is unchanged."""
    sizes = {part.previous_json_file_bytes for part in parts if part.unchanged}
    return json_path.exists() and len(sizes) == 1 and json_path.stat().st_size == sizes.pop()


def changed_line_offsets(parts: Iterable[Part]) -> list[tuple[Part, int]]:
    """Each changed part with the offset of its lines in a file holding only the changed parts' lines, in the
    order of ``parts`` (how the export writes them before copying them in)."""
    placed, offset = [], 0
    for part in parts:
        if not part.unchanged:
            placed.append((part, offset))
            offset += part.json_bytes
    return placed


def files_of_changed_parts(parts: Iterable[Part], files: dict[int, list[str]], element: str) -> list[str]:
    """The raw files behind the changed parts of one kind of element, from ``files`` (the raw files of each
    export part; ``['']`` for part 0, the elements tied to no file)."""
    return [
        file_name
        for part in parts
        if part.element == element and not part.unchanged
        for file_name in files.get(part.export_part, [])
    ]
