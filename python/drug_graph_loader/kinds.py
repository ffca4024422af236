"""The kinds of raw files, as the dbt project declares them (macro ``raw_file_kinds``)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    """One kind of raw file: the raw table it feeds, its name pattern, format and required columns."""

    table: str
    pattern: str
    format: str
    required: bool
    columns: tuple[str, ...]

    def matches(self, name: str) -> bool:
        """Whether a file name is of this kind. The name is matched as a literal string: `[`, `?` or `*` in it
        are ordinary characters (only the pattern, which the project writes, has wildcards)."""
        return fnmatch.fnmatchcase(name, self.pattern)


def kinds_from_config(config: list[dict[str, Any]]) -> list[Kind]:
    """The kinds from the project's ``raw_file_kinds()`` list (dicts with table, pattern, format, required,
    columns)."""
    return [
        Kind(
            table=str(item["table"]),
            pattern=str(item["pattern"]),
            format=str(item["format"]),
            required=bool(item["required"]),
            columns=tuple(str(column) for column in item["columns"]),
        )
        for item in config
    ]
