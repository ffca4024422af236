"""The raw folder as the sensor sees it: each raw file's size and modification time, and what changed since the
last look (new, changed, withdrawn files). The patterns are the project's (macros/raw_file_kinds.sql)."""

from __future__ import annotations

import fnmatch
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

# The raw file patterns the project reads (README, "Your own files"); the drugs files start with `drugs`.
PATTERNS = ("drugs*.csv", "pubmed*.csv", "pubmed*.json", "clinical_trials*.csv")


def scan(folder: Path) -> dict[str, list[int]]:
    """Each raw file of `folder` by name: [size in bytes, modification time in ns]."""
    if not folder.is_dir():
        raise FileNotFoundError(f"RAW_DATA_DIR {folder} is not a folder")
    found: dict[str, list[int]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and any(fnmatch.fnmatchcase(path.name, pattern) for pattern in PATTERNS):
            stat = path.stat()
            found[path.name] = [stat.st_size, stat.st_mtime_ns]
    return found


@dataclass(frozen=True)
class FolderChanges:
    new: list[str]
    changed: list[str]
    withdrawn: list[str]

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.withdrawn)

    def full_refresh_reason(self, first_look: bool) -> str | None:
        """Why the build must start over (`--full-refresh`), or None for an incremental build. Only the drug list
        asks for it: a drugs file changed or withdrawn, or a new one once a folder was seen (every title would
        have to be matched again). A corrected or withdrawn publication file is handled by the incremental build
        (docs/architecture.md, "Files that change or vanish")."""
        reasons = []
        for label, names in (("changed", self.changed), ("withdrawn", self.withdrawn),
                             ("new", [] if first_look else self.new)):
            drugs = [name for name in names if is_drugs_file(name)]
            if drugs:
                reasons.append(f"drugs file {label}: " + ", ".join(drugs))
        if not reasons:
            return None
        return "raw " + "; ".join(reasons) + " (the drug list changed: every title is matched again by a full refresh)"

    def describe(self) -> str:
        parts = [
            f"{len(names)} {label} ({', '.join(names)})"
            for label, names in (("new", self.new), ("changed", self.changed), ("withdrawn", self.withdrawn))
            if names
        ]
        return "; ".join(parts) if parts else "no change"


def is_drugs_file(name: str) -> bool:
    return fnmatch.fnmatchcase(name, PATTERNS[0])


def compare(previous: dict[str, list[int]], current: dict[str, list[int]]) -> FolderChanges:
    return FolderChanges(
        new=sorted(set(current) - set(previous)),
        changed=sorted(name for name in set(current) & set(previous) if current[name] != previous[name]),
        withdrawn=sorted(set(previous) - set(current)),
    )


def fingerprint(files: dict[str, list[int]]) -> str:
    """A short hash of a folder's state: the run key of the build it starts (one run per state)."""
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
