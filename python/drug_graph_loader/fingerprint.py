"""Size, CRC-32, UTF-8 validity and line ends of a file, in one streaming pass of bounded memory."""

from __future__ import annotations

import codecs
import zlib
from dataclasses import dataclass

CHUNK_BYTES = 1 << 22


@dataclass(frozen=True)
class Fingerprint:
    """What one pass over a file's bytes tells: its size, CRC-32, whether it is valid UTF-8, and whether its
    lines end both ways (CRLF and LF), which DuckDB's CSV reader cannot read."""

    size_bytes: int
    checksum: str  # "crc32:" + 8 hex digits, with the size beside it: a change that keeps both is 1 in 2**32
    is_utf8: bool
    has_mixed_line_ends: bool = False


def fingerprint_file(path: str) -> Fingerprint:
    """Reads the file once in chunks: CRC-32 of every byte and a strict UTF-8 decode (skipped for a chunk of
    pure ASCII, which is valid whatever comes before: a sequence split over two chunks is still pending)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    crc = 0
    size = 0
    is_utf8 = True
    crlf = 0  # line ends CRLF, and whether a LF stands alone
    has_bare_lf = ends_with_cr = False
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            size += len(chunk)
            crc = zlib.crc32(chunk, crc)
            # line ends are counted in the chunks holding a CR only: a LF file pays two scans that stop early
            start = 1 if ends_with_cr and chunk.startswith(b"\n") else 0
            crlf += start
            if b"\r" in chunk:
                chunk_crlf = chunk.count(b"\r\n", start)
                crlf += chunk_crlf
                has_bare_lf = has_bare_lf or chunk.count(b"\n", start) > chunk_crlf
            else:
                has_bare_lf = has_bare_lf or chunk.find(b"\n", start) != -1
            ends_with_cr = chunk.endswith(b"\r")
            if is_utf8 and not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
    if is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    return Fingerprint(size, f"crc32:{crc:08x}", is_utf8, has_mixed_line_ends=crlf > 0 and has_bare_lf)


def write_repaired_copy(path: str, copy_path: str) -> None:
    """Writes a copy of a CSV file DuckDB cannot read as it is, streaming: each byte sequence that is not UTF-8
    replaced by U+FFFD (the replacement character; the rows holding one are then rejected as `invalid_utf8`),
    and each CRLF line end written as LF (a file whose lines end both ways)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    with open(path, "rb") as source, open(copy_path, "w", encoding="utf-8", newline="") as copy:
        pending = ""  # a CR ending the text so far, which the next chunk's LF may follow
        while chunk := source.read(CHUNK_BYTES):
            text = pending + decoder.decode(chunk)
            pending = "\r" if text.endswith("\r") else ""
            copy.write(text[: len(text) - len(pending)].replace("\r\n", "\n"))
        copy.write((pending + decoder.decode(b"", final=True)).replace("\r\n", "\n"))
