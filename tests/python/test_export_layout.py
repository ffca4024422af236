"""The export's file logic (python/drug_graph_export), without dbt or DuckDB: the layout of the JSON file, the
splice of an incremental export, the fallbacks where a system call is missing or fails, and the temporary files.

The reference for every splice is the file written whole, as DuckDB writes it on a first build: the fixed lines,
then each kind's lines in the order of its parts, every line ending with a comma but the last of its kind.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from drug_graph_export import splice
from drug_graph_export.files import (
    TEMPORARY_PATTERNS,
    remove_leftovers,
    removed_after,
    replacing,
    temporary,
)
from drug_graph_export.layout import (
    Layout,
    Part,
    bucket_count,
    changed_line_offsets,
    files_of_changed_parts,
    lay_out,
    previous_json_is_intact,
)
from drug_graph_export.splice import check_size, copy_range, preallocate, splice_json

ELEMENTS = ("nodes", "edges")
FIXED = [b'{"directed":true,"nodes":[\n', b'],"edges":[\n', b"]}\n"]

# A graph in parts: the lines of each part (its JSON texts, without comma or newline), by (element, part).
Graph = dict[tuple[str, int], list[str]]


def node(name: str, size: int = 0) -> str:
    return json.dumps({"id": name, "pad": "x" * size}, separators=(",", ":"))


def edge(source: str, target: str) -> str:
    return json.dumps({"source": source, "target": target}, separators=(",", ":"))


def ordered(graph: Graph) -> list[tuple[str, int]]:
    """The parts in the order of the file: nodes, then edges, each by part number."""
    return sorted(graph, key=lambda key: (ELEMENTS.index(key[0]), key[1]))


def part_bytes(lines: list[str]) -> int:
    return sum(len(line.encode()) + 2 for line in lines)


def whole_file(graph: Graph, fixed: list[bytes] = FIXED) -> bytes:
    """The JSON file written whole: what a splice must give, byte for byte."""
    out = [fixed[0]]
    for index, element in enumerate(ELEMENTS):
        lines = [line for key in ordered(graph) if key[0] == element for line in graph[key]]
        if lines:
            out.append((",\n".join(lines) + "\n").encode())
        out.append(fixed[index + 1])
    return b"".join(out)


def first_build(path: Path, graph: Graph) -> dict[tuple[str, int], Part]:
    """Writes `graph` whole at `path`; returns its parts as the index would record them (offsets and file size)."""
    data = whole_file(graph)
    path.write_bytes(data)
    parts = [Part(*key, part_bytes(graph[key]), unchanged=False) for key in ordered(graph)]
    layout = lay_out(parts, FIXED, ELEMENTS)
    assert layout.file_bytes == len(data)
    return {
        part.key: Part(part.element, part.export_part, part.json_bytes, True, layout.offsets[part.key], len(data))
        for part in parts
    }


def next_build(path: Path, before: Graph, after: Graph, changed: set[tuple[str, int]] = frozenset()) -> bytes:
    """Splices `after` over the file of `before` at `path`: the parts of `after` in `changed` or new are written
    again (as DuckDB would, each line with its comma), the others copied. Returns the file's new bytes."""
    previous = first_build(path, before)
    parts = [
        previous[key] if key in previous and key not in changed else Part(*key, part_bytes(after[key]), False)
        for key in ordered(after)
    ]
    assert previous_json_is_intact(path, parts) == any(part.unchanged for part in parts)

    def write_changed_lines(changed_path: Path) -> None:
        changed_path.write_bytes(
            b"".join((line + ",\n").encode() for part in parts if not part.unchanged for line in after[part.key])
        )

    splice_json(path, parts, lay_out(parts, FIXED, ELEMENTS), FIXED, write_changed_lines)
    return path.read_bytes()


BEFORE: Graph = {
    ("nodes", 0): [node("drug:A"), node("drug:B"), node("journal:J")],
    ("nodes", 3): [node("pub:1", 40), node("pub:2", 3)],
    ("nodes", 7): [node("pub:3", 7)],
    ("edges", 0): [edge("drug:A", "journal:J")],
    ("edges", 3): [edge("drug:A", "pub:1"), edge("drug:B", "pub:2")],
    ("edges", 7): [edge("drug:B", "pub:3")],
}


def with_parts(graph: Graph, **changes: list[str] | None) -> Graph:
    """`graph` with parts replaced, added (`nodes_9=[...]`) or removed (`nodes_7=None`)."""
    result = dict(graph)
    for name, lines in changes.items():
        element, number = name.rsplit("_", 1)
        if lines is None:
            del result[(element, int(number))]
        else:
            result[(element, int(number))] = lines
    return result


# ---- the layout ----


def test_layout_offsets_commas_and_fixed_lines() -> None:
    parts = [Part("nodes", 0, 10, False), Part("nodes", 4, 7, False), Part("edges", 0, 5, False), Part("edges", 2, 9, False)]
    layout = lay_out(parts, FIXED, ELEMENTS)
    header, middle, footer = (len(line) for line in FIXED)
    assert layout.offsets == {
        ("nodes", 0): header,
        ("nodes", 4): header + 10,
        ("edges", 0): header + 10 + 7 - 1 + middle,  # the last node line lost its comma
        ("edges", 2): header + 10 + 7 - 1 + middle + 5,
    }
    assert layout.last_parts == {("nodes", 4), ("edges", 2)}
    assert layout.fixed_offsets == (0, header + 16, header + 16 + middle + 13)
    assert layout.file_bytes == header + 16 + middle + 13 + footer
    assert [layout.ending(part) for part in parts] == [b",\n", b"\n", b",\n", b"\n"]


def test_layout_of_a_kind_without_parts() -> None:
    # no edges: the middle line is followed by the footer at once, and the file is valid JSON
    graph = {("nodes", 0): [node("drug:A")], ("nodes", 2): [node("pub:1")]}
    parts = [Part(*key, part_bytes(lines), False) for key, lines in graph.items()]
    layout = lay_out(parts, FIXED, ELEMENTS)
    assert layout.fixed_offsets[2] == layout.fixed_offsets[1] + len(FIXED[1])
    assert layout.last_parts == {("nodes", 2)}
    data = whole_file(graph)
    assert layout.file_bytes == len(data)
    assert json.loads(data)["edges"] == []
    empty = lay_out([], FIXED, ELEMENTS)
    assert empty.file_bytes == sum(len(line) for line in FIXED)
    assert empty.offsets == {} and empty.last_parts == frozenset()
    assert json.loads(whole_file({})) == {"directed": True, "nodes": [], "edges": []}


def test_layout_matches_the_file_written_whole() -> None:
    data = whole_file(BEFORE)
    parts = [Part(*key, part_bytes(BEFORE[key]), False) for key in ordered(BEFORE)]
    layout = lay_out(parts, FIXED, ELEMENTS)
    assert layout.file_bytes == len(data)
    for part in parts:  # each part starts with its first line; each ends as the layout says
        start = layout.offsets[part.key]
        assert data[start:].startswith(BEFORE[part.key][0].encode())
        end = start + part.json_bytes - 2
        assert data[end : end + len(layout.ending(part))] == layout.ending(part)
    for line, offset in zip(FIXED, layout.fixed_offsets, strict=True):
        assert data[offset : offset + len(line)] == line


@pytest.mark.parametrize(
    ("parts", "fixed", "message"),
    [
        ([], FIXED[:2], "2 kinds of elements need 3 fixed lines, not 2"),
        ([Part("nodes", 1, 0, False)], FIXED, r"part \('nodes', 1\): 0 bytes"),
        ([Part("nodes", 1, None, False)], FIXED, r"part \('nodes', 1\): None bytes"),  # type: ignore[arg-type]
        ([Part("links", 1, 9, False)], FIXED, "its kind of element is not one of"),
    ],
)
def test_layout_refuses_what_it_cannot_place(parts: list[Part], fixed: list[bytes], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lay_out(parts, fixed, ELEMENTS)


def test_previous_json_is_intact(tmp_path: Path) -> None:
    path = tmp_path / "drug_graph.json"
    kept = Part("nodes", 1, 10, True, 30, 100)
    assert not previous_json_is_intact(path, [kept])  # no file
    path.write_bytes(b"x" * 100)
    assert previous_json_is_intact(path, [kept, Part("nodes", 2, 10, False)])
    assert not previous_json_is_intact(path, [Part("nodes", 2, 10, False)])  # nothing to copy
    assert not previous_json_is_intact(path, [kept, Part("edges", 1, 10, True, 60, 101)])  # two index sizes
    path.write_bytes(b"x" * 99)  # changed by hand
    assert not previous_json_is_intact(path, [kept])


def test_changed_parts_lines_and_files() -> None:
    parts = [Part("nodes", 0, 10, False), Part("nodes", 1, 7, True, 0, 1), Part("nodes", 2, 5, False),
             Part("edges", 2, 4, False)]
    assert [(part.key, offset) for part, offset in changed_line_offsets(parts)] == [
        (("nodes", 0), 0), (("nodes", 2), 10), (("edges", 2), 15)
    ]
    files = {0: [""], 1: ["a.csv"], 2: ["b.csv", "c.json"]}
    assert files_of_changed_parts(parts, files, "nodes") == ["", "b.csv", "c.json"]
    assert files_of_changed_parts(parts, files, "edges") == ["b.csv", "c.json"]


def test_bucket_count() -> None:
    assert bucket_count(" 64 ") == 64
    assert bucket_count(65536) == 65536
    for value in ("0", "65537", "-1", "1; drop table x", "", True, 2.5):
        with pytest.raises(ValueError, match=f"export_buckets must be a whole number from 1 to 65536, not '{value}'"):
            bucket_count(value)


# ---- the splice: the same bytes as the file written whole ----


SPLICES: dict[str, tuple[Graph, set[tuple[str, int]]]] = {
    "nothing changed": (BEFORE, set()),
    "a middle part changed": (with_parts(BEFORE, nodes_3=[node("pub:1", 40), node("pub:2", 3), node("pub:4")]), {("nodes", 3)}),
    # the previous last parts are copied and get their comma back
    "new last parts": (with_parts(BEFORE, nodes_9=[node("pub:9", 5)], edges_9=[edge("drug:A", "pub:9")]), set()),
    # the parts before become last and lose their comma
    "last parts vanished": (with_parts(BEFORE, nodes_7=None, edges_7=None), set()),
    "first parts changed": (with_parts(BEFORE, nodes_0=[node("drug:A")], edges_0=[edge("drug:A", "journal:K")]), {("nodes", 0), ("edges", 0)}),
    "every edge vanished": (with_parts(BEFORE, edges_0=None, edges_3=None, edges_7=None), set()),
    "a new part between": (with_parts(BEFORE, nodes_5=[node("pub:5", 2000)], edges_5=[edge("drug:B", "pub:5")]), set()),
}


@pytest.mark.parametrize("case", SPLICES)
def test_splice_equals_the_file_written_whole(tmp_path: Path, case: str) -> None:
    after, changed = SPLICES[case]
    path = tmp_path / "drug_graph.json"
    assert next_build(path, BEFORE, after, changed) == whole_file(after)
    json.loads(path.read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drug_graph.json"]  # no temporary file left


def kernel_copy_failing(code: int) -> Callable[..., int]:
    def copy_file_range(*_: object) -> int:
        raise OSError(code, os.strerror(code))

    return copy_file_range


@pytest.mark.parametrize("code", [errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP])
def test_copy_falls_back_when_copy_file_range_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    reads: list[int] = []
    pread = os.pread
    monkeypatch.setattr(os, "copy_file_range", kernel_copy_failing(code), raising=False)
    monkeypatch.setattr(os, "pread", lambda fd, n, offset: reads.append(n) or pread(fd, n, offset))
    after, changed = SPLICES["a new part between"]
    assert next_build(tmp_path / "drug_graph.json", BEFORE, after, changed) == whole_file(after)
    assert reads  # the bytes went through the buffer


def test_copy_falls_back_when_copy_file_range_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "copy_file_range", raising=False)  # macOS, Windows
    after, changed = SPLICES["new last parts"]
    assert next_build(tmp_path / "drug_graph.json", BEFORE, after, changed) == whole_file(after)


def test_copy_in_short_steps_and_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # copy_file_range may copy less than asked; the plain copy reads BUFFER_BYTES at a time
    copy_file_range = os.copy_file_range
    monkeypatch.setattr(os, "copy_file_range", lambda src, dst, n, src_off, dst_off: copy_file_range(src, dst, min(n, 7), src_off, dst_off))
    after, changed = SPLICES["a new part between"]
    assert next_build(tmp_path / "a.json", BEFORE, after, changed) == whole_file(after)
    monkeypatch.delattr(os, "copy_file_range")
    monkeypatch.setattr(splice, "BUFFER_BYTES", 5)
    assert next_build(tmp_path / "b.json", BEFORE, after, changed) == whole_file(after)


def test_copy_from_a_file_that_ends_early(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source.write_bytes(b"0123456789")
    with open(source, "rb") as reader, open(target, "wb") as writer:
        copy_range(reader.fileno(), writer.fileno(), 2, 0, 5)
        with pytest.raises(RuntimeError, match="the previous export file ended before byte 14"):
            copy_range(reader.fileno(), writer.fileno(), 4, 5, 10)
    assert target.read_bytes() == b"23456" + b"456789"  # what there was, copied


def test_a_real_copy_error_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a full disk fails the plain copy too: the error is not swallowed
    monkeypatch.setattr(os, "copy_file_range", kernel_copy_failing(errno.ENOSPC))

    def full(*_: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    source = tmp_path / "source"
    source.write_bytes(b"0123456789")
    with open(source, "rb") as reader, open(tmp_path / "target", "wb") as writer, pytest.raises(OSError, match="No space"):
        copy_range(reader.fileno(), writer.fileno(), 0, 0, 10)


def test_pages_of_the_previous_file_are_let_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    advice: list[tuple[int, int, int]] = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, offset, length, how: advice.append((offset, length, how)))
    path = tmp_path / "drug_graph.json"
    after, changed = SPLICES["a middle part changed"]
    assert next_build(path, BEFORE, after, changed) == whole_file(after)
    previous = first_build(tmp_path / "again.json", BEFORE)
    assert advice == [
        (part.previous_json_offset, part.json_bytes, os.POSIX_FADV_DONTNEED)
        for key, part in previous.items()
        if key != ("nodes", 3)
    ]


def test_without_posix_fadvise_or_fdatasync_a_plain_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    after, changed = SPLICES["last parts vanished"]
    monkeypatch.delattr(os, "posix_fadvise")  # macOS
    assert next_build(tmp_path / "a.json", BEFORE, after, changed) == whole_file(after)
    monkeypatch.undo()
    advice: list[int] = []
    monkeypatch.setattr(os, "posix_fadvise", lambda *arguments: advice.append(1))

    def cannot_sync(_: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "fdatasync", cannot_sync)
    assert next_build(tmp_path / "b.json", BEFORE, after, changed) == whole_file(after)
    assert advice == []  # dirty pages could not be written: not advised


@pytest.mark.parametrize("missing", [True, False])
def test_preallocation_that_fails_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: bool) -> None:
    if missing:
        monkeypatch.delattr(os, "posix_fallocate", raising=False)
    else:
        monkeypatch.setattr(os, "posix_fallocate", kernel_copy_failing(errno.EOPNOTSUPP))
    with open(tmp_path / "file", "wb") as writer:
        preallocate(writer.fileno(), 1000)  # does not raise
    after, changed = SPLICES["a new part between"]
    assert next_build(tmp_path / "drug_graph.json", BEFORE, after, changed) == whole_file(after)


def test_preallocation_gives_the_size(tmp_path: Path) -> None:
    with open(tmp_path / "file", "wb") as writer:
        preallocate(writer.fileno(), 1000)
    assert (tmp_path / "file").stat().st_size == 1000


# ---- failures: a clear error, the previous file kept, no temporary file ----


def test_check_size_names_the_file_and_both_sizes(tmp_path: Path) -> None:
    path = tmp_path / "drug_graph.json"
    path.write_bytes(b"x" * 10)
    check_size(path, Layout({}, frozenset(), (0,), 10))
    with pytest.raises(RuntimeError, match=rf"^{path}: 10 bytes written, 12 expected from its parts$"):
        check_size(path, Layout({}, frozenset(), (0,), 12))


def failed_splice(tmp_path: Path, write_changed_lines: Callable[[Path], None]) -> tuple[Path, bytes]:
    """Runs a splice whose changed lines are written by `write_changed_lines`; returns the file and its bytes before."""
    path = tmp_path / "drug_graph.json"
    previous = first_build(path, BEFORE)
    before = path.read_bytes()
    after = with_parts(BEFORE, nodes_3=[node("pub:1")])
    parts = [previous[key] if key != ("nodes", 3) else Part(*key, part_bytes(after[key]), False) for key in ordered(after)]
    splice_json(path, parts, lay_out(parts, FIXED, ELEMENTS), FIXED, write_changed_lines)
    return path, before


def assert_only_the_previous_file(tmp_path: Path) -> None:
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drug_graph.json"]
    assert tmp_path.joinpath("drug_graph.json").read_bytes() == whole_file(BEFORE)


def test_a_failed_write_of_the_changed_lines_leaves_no_temporary_file(tmp_path: Path) -> None:
    def full_disk(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left on device"):
        failed_splice(tmp_path, full_disk)
    assert_only_the_previous_file(tmp_path)


def test_a_failed_copy_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = splice.copy_range
    calls: list[int] = []

    def failing(*arguments: int) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")
        copy(*arguments)

    monkeypatch.setattr(splice, "copy_range", failing)
    with pytest.raises(OSError, match="Input/output error"):
        failed_splice(tmp_path, lambda path: path.write_bytes((node("pub:1") + ",\n").encode()))
    assert_only_the_previous_file(tmp_path)


def test_changed_lines_of_the_wrong_size_stop_the_splice(tmp_path: Path) -> None:
    # the lines DuckDB wrote are not the size the plan measured: the file would be corrupt, it is not renamed
    line = (node("pub:1") + ",\n").encode()
    for lines in (line * 2, line[:-3]):  # too long (the extra bytes would be left out), too short
        with pytest.raises(
            RuntimeError,
            match=rf"drug_graph.json.changed.tmp: {len(lines)} bytes of changed lines written, {len(line)} expected",
        ):
            failed_splice(tmp_path, lambda path, lines=lines: path.write_bytes(lines))
        assert_only_the_previous_file(tmp_path)


def test_replacing(tmp_path: Path) -> None:
    path = tmp_path / "part_1.parquet"
    path.write_bytes(b"old")
    with replacing(path) as temporary_path:
        assert temporary_path == temporary(path) == tmp_path / "part_1.parquet.tmp"
        temporary_path.write_bytes(b"new")
        assert path.read_bytes() == b"old"  # not before the block ends
    assert path.read_bytes() == b"new" and not temporary_path.exists()
    with pytest.raises(KeyboardInterrupt), replacing(path) as temporary_path:
        temporary_path.write_bytes(b"half")
        raise KeyboardInterrupt  # even a run stopped by hand gives the space back
    assert path.read_bytes() == b"new" and not temporary_path.exists()
    with pytest.raises(OSError, match="full"), replacing(path):  # failed before writing anything
        raise OSError(errno.ENOSPC, "full")


def test_a_failed_rename_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_replace(*_: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="Input/output error"), replacing(tmp_path / "f") as temporary_path:
        temporary_path.write_bytes(b"whole")
    assert list(tmp_path.iterdir()) == []


def test_removed_after(tmp_path: Path) -> None:
    with removed_after(tmp_path / "a") as path:
        path.write_bytes(b"x")
    with pytest.raises(ValueError, match="boom"), removed_after(tmp_path / "b") as path:
        path.write_bytes(b"x")
        raise ValueError("boom")
    with removed_after(tmp_path / "never written"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_remove_leftovers_removes_only_temporary_files(tmp_path: Path) -> None:
    assert TEMPORARY_PATTERNS == ("drug_graph.json*.tmp", "graph_nodes/*.tmp", "graph_edges/*.tmp")
    leftovers = ["drug_graph.json.tmp", "drug_graph.json.changed.tmp", "graph_nodes/part_1.parquet.tmp",
                 "graph_edges/_drugs_and_journals.parquet.tmp"]
    kept = ["drug_graph.json", "graph_nodes/part_1.parquet", "graph_edges/part_1.parquet", "notes.tmp",
            "reports/run.json.tmp"]
    for name in leftovers + kept:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    remove_leftovers(tmp_path)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == sorted(kept)
