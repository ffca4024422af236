"""The JSON file of an incremental export, assembled from byte ranges: the unchanged parts' lines from the
previous file, the changed parts' lines from a file DuckDB wrote, each at its place in the layout.

The system calls that make it fast are used where they exist, with a plain equivalent where they do not (the
bytes written are the same): ``os.copy_file_range`` (Linux; copies inside the kernel) falls back to
``pread``/``pwrite``; ``os.posix_fallocate`` (reserving the new file's blocks at once) is skipped;
``os.posix_fadvise`` (letting the previous file's pages go as they are copied) is skipped. The figures behind
each are in docs/performance.md ("The export").
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .files import removed_after, replacing, temporary
from .layout import Layout, Part, changed_line_offsets

BUFFER_BYTES = 1 << 24  # what the plain copy reads at once


def splice_json(
    json_path: Path,
    parts: Sequence[Part],
    layout: Layout,
    fixed_lines: Sequence[bytes],
    write_changed_lines: Callable[[Path], None],
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    """Writes ``json_path`` anew: its fixed lines, its unchanged parts copied from the file now at ``json_path``
    (``previous_json_offset``), its changed parts from the file ``write_changed_lines(path)`` writes at
    ``path`` (the changed parts' lines, in the order of ``parts``, every line ending with a comma and a newline),
    each at its place in ``layout``.

    A thread copies the unchanged parts (most of the file) while ``write_changed_lines`` and then ``meanwhile``
    run. The new file is written under a temporary name and renamed over the previous one once whole and of the
    size the layout gives (``check_size``); the changed lines must add up to the changed parts' ``json_bytes``
    (``check_changed_lines``), else a part would be cut or run into the next. If anything fails, no temporary file remains, the previous file is
    as it was, and the error goes on.

    The new file gets its whole size on disk first (``preallocate``): the blocks are then found once, not page by
    page as the copy goes, nor when it is renamed over the previous file (ext4 does then, for a file renamed over
    another)."""
    changed_path = temporary(json_path.with_name(json_path.name + ".changed"))
    previous = os.open(json_path, os.O_RDONLY)
    try:
        with replacing(json_path) as temporary_path:
            target = os.open(temporary_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            changed_file = None
            try:
                preallocate(target, layout.file_bytes)
                for text, offset in zip(fixed_lines, layout.fixed_offsets, strict=True):
                    os.pwrite(target, text, offset)
                with ThreadPoolExecutor(max_workers=1) as pool:
                    unchanged = [(part, part.previous_json_offset) for part in parts if part.unchanged]
                    copied = pool.submit(copy_previous_parts, previous, target, unchanged, layout)
                    with removed_after(changed_path):
                        write_changed_lines(changed_path)
                        changed_file = os.open(changed_path, os.O_RDONLY)
                        changed = changed_line_offsets(parts)
                        check_changed_lines(changed_path, os.fstat(changed_file).st_size, changed)
                        copy_parts(changed_file, target, changed, layout)
                    meanwhile()
                    copied.result()
            finally:
                for descriptor in (target, changed_file):
                    if descriptor is not None:
                        os.close(descriptor)
            check_size(temporary_path, layout)
    except BaseException:
        os.close(previous)
        raise
    # Closing the previous file frees its blocks, now that it is renamed over: slow for a large file, left to a
    # thread while dbt goes on (docs/performance.md).
    threading.Thread(target=os.close, args=(previous,), daemon=True).start()


def preallocate(descriptor: int, size: int) -> None:
    """Reserves ``size`` bytes on disk for the open file, where the system and file system can; elsewhere does
    nothing (the blocks are then found as the file is written). Never raises."""
    try:
        os.posix_fallocate(descriptor, 0, size)
    except (AttributeError, OSError):  # no posix_fallocate (macOS), or a file system that cannot
        pass


def copy_previous_parts(previous: int, target: int, parts: Sequence[tuple[Part, int]], layout: Layout) -> None:
    """``copy_parts`` from the previous file, whose pages leave the page cache as they are copied.

    The previous file is replaced next, so its cached pages serve no more; let go, they are the pages the new
    file takes, instead of memory not used lately, which costs much more CPU (docs/performance.md). Dirty pages
    cannot leave the cache, so the previous file is written to disk first (it is already, unless the previous
    run ended seconds ago). Without ``os.posix_fadvise`` (macOS), or when ``fdatasync`` fails, a plain copy."""
    releasing = hasattr(os, "posix_fadvise")
    if releasing:
        try:
            os.fdatasync(previous)
        except OSError:  # a file system that cannot: a plain copy
            releasing = False
    for part, offset in parts:
        copy_parts(previous, target, [(part, offset)], layout)
        if releasing:
            os.posix_fadvise(previous, offset, part.json_bytes, os.POSIX_FADV_DONTNEED)


def copy_parts(source: int, target: int, parts: Sequence[tuple[Part, int]], layout: Layout) -> None:
    """Copies each part's lines from its offset in ``source`` (where its last line ends with a comma and a
    newline) to its place in ``target``: all but that comma and newline, then the ending the layout gives."""
    for part, source_offset in parts:
        target_offset = layout.offsets[part.key]
        copy_range(source, target, source_offset, target_offset, part.json_bytes - 2)
        os.pwrite(target, layout.ending(part), target_offset + part.json_bytes - 2)


def copy_range(source: int, target: int, source_offset: int, target_offset: int, length: int) -> None:
    """Copies ``length`` bytes of the open file ``source`` from ``source_offset`` to the open file ``target`` at
    ``target_offset``, with ``os.copy_file_range`` (inside the kernel) where it exists and works; where it is
    missing or fails (another file system, an old kernel: EXDEV, ENOSYS, EINVAL ...), through a buffer. An error
    of the plain copy (a full disk) goes on; a source that ends early raises RuntimeError."""
    kernel_copy: Callable[..., int] | None = getattr(os, "copy_file_range", None)
    while length > 0:
        copied = None
        if kernel_copy is not None:
            try:
                copied = kernel_copy(source, target, length, source_offset, target_offset)
            except OSError:  # this file system cannot: the rest through a buffer
                kernel_copy = None
        if copied is None:
            copied = os.pwrite(target, os.pread(source, min(length, BUFFER_BYTES), source_offset), target_offset)
        if copied == 0:
            raise RuntimeError(f"the previous export file ended before byte {source_offset + length}")
        source_offset += copied
        target_offset += copied
        length -= copied


def check_changed_lines(path: Path, size: int, changed: Sequence[tuple[Part, int]]) -> None:
    """Raises RuntimeError, naming the file and both sizes, when the changed parts' lines written at ``path``
    (``size`` bytes) are not the size the plan measured for those parts."""
    expected = sum(part.json_bytes for part, _ in changed)
    if size != expected:
        raise RuntimeError(f"{path}: {size} bytes of changed lines written, {expected} expected from their parts")


def check_size(path: Path, layout: Layout) -> None:
    """Raises RuntimeError, naming the file and both sizes, when the file at ``path`` does not have the size its
    parts add up to in ``layout``."""
    size = path.stat().st_size
    if size != layout.file_bytes:
        raise RuntimeError(f"{path}: {size} bytes written, {layout.file_bytes} expected from its parts")
