"""Size, CRC-32 and UTF-8 validity of a file, in one streaming pass of bounded memory."""

from __future__ import annotations

import codecs
import zlib
from dataclasses import dataclass

CHUNK_BYTES = 1 << 22


@dataclass(frozen=True)
class Fingerprint:
    """What one pass over a file's bytes tells: its size, CRC-32, and whether it is valid UTF-8."""

    size_bytes: int
    checksum: str  # "crc32:" + 8 hex digits, with the size beside it: a change that keeps both is 1 in 2**32
    is_utf8: bool


def fingerprint_file(path: str) -> Fingerprint:
    """Reads the file once in chunks: CRC-32 of every byte and a strict UTF-8 decode (skipped for a chunk of
    pure ASCII, which is valid whatever comes before: a sequence split over two chunks is still pending)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    crc = 0
    size = 0
    is_utf8 = True
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            size += len(chunk)
            crc = zlib.crc32(chunk, crc)
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
    return Fingerprint(size_bytes=size, checksum=f"crc32:{crc:08x}", is_utf8=is_utf8)


def write_repaired_copy(path: str, copy_path: str) -> None:
    """Writes a copy of a file that is not valid UTF-8 with each invalid byte sequence replaced by U+FFFD
    (the replacement character), streaming: the rows holding one are then rejected as `invalid_utf8`."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    with open(path, "rb") as source, open(copy_path, "w", encoding="utf-8", newline="") as copy:
        while chunk := source.read(CHUNK_BYTES):
            copy.write(decoder.decode(chunk))
        copy.write(decoder.decode(b"", final=True))
