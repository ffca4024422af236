"""Change detection: the files found in the raw folder against the files registered by earlier runs.

Pure decisions on plain data (no file is read here, no SQL run). In two steps, because hashing waits for the
first: ``compare_files`` says which listed files are new, which registered files changed size (or kind) or
vanished, and which were only touched (modification time changed, same size: their bytes are hashed);
``decide_changes`` then takes the checksums of the touched files and says which are equal (a `touch` is not a
change), which registered files are withdrawn ("changed" or "withdrawn", docs/architecture.md, "Files that
change or vanish"), and whether the run must stop because the drug list changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DRUGS_KIND = "drugs"


@dataclass(frozen=True)
class Comparison:
    """The listed files against the registered ones. `new` and `touched` are listed files ({file_kind,
    source_file, file_path, size_bytes, modified_at_us}); `size_changed` and `vanished` are registered files
    (their plans: {file_kind, source_file, checksum, read_path, batch ...}); `registered_touched` the registered
    plans of the touched files, by name."""

    new: list[dict[str, Any]] = field(default_factory=list)
    touched: list[dict[str, Any]] = field(default_factory=list)
    size_changed: list[dict[str, Any]] = field(default_factory=list)
    vanished: list[dict[str, Any]] = field(default_factory=list)
    size_changed_listed: list[dict[str, Any]] = field(default_factory=list)
    registered_touched: dict[str, dict[str, Any]] = field(default_factory=dict)


def compare_files(listed: list[dict[str, Any]], registered: list[dict[str, Any]]) -> Comparison:
    """Files are matched by name. A listed file not registered is new; a registered file of another kind or
    size is changed; one with the same size and another modification time is touched; a registered file not
    listed has vanished. `new` comes by kind then name, `touched` by name (the inspection's orders)."""
    by_name = {plan["source_file"]: plan for plan in registered}
    comparison = Comparison()
    for file in listed:
        plan = by_name.get(file["source_file"])
        if plan is None:
            comparison.new.append(file)
        elif plan["file_kind"] != file["file_kind"] or plan["size_bytes"] != file["size_bytes"]:
            comparison.size_changed.append(plan)
            comparison.size_changed_listed.append(file)
        elif plan["modified_at_us"] != file["modified_at_us"]:
            comparison.touched.append(file)
            comparison.registered_touched[file["source_file"]] = plan
    listed_names = {file["source_file"] for file in listed}
    comparison.vanished.extend(plan for plan in registered if plan["source_file"] not in listed_names)
    comparison.new.sort(key=lambda file: (file["file_kind"], file["source_file"]))
    comparison.touched.sort(key=lambda file: file["source_file"])
    return comparison


@dataclass(frozen=True)
class Decision:
    """What the run does with the changes: `touched_equal` (listed files whose modification time alone
    changed: the registered time is updated), `withdrawn` (registered plans with "change": "changed" or
    "withdrawn", by name), `reload` (the listed files of the changed ones, inspected and registered again),
    `error` (the drug list changed: the run stops) and `log` (what the run tells)."""

    touched_equal: list[dict[str, Any]]
    withdrawn: list[dict[str, Any]]
    reload: list[dict[str, Any]]
    error: str | None
    log: list[str]


def decide_changes(
    comparison: Comparison,
    checksums: dict[str, str],
    is_first_build: bool,
    raw_dir: str,
) -> Decision:
    """A touched file whose checksum equals its registered one is unchanged; otherwise changed. A drugs file
    that changed or vanished, or a new drugs file on a warehouse already built, stops the run (every title
    would have to be matched again): the error names each such file and the command that rebuilds. Otherwise the
    changed and vanished files are withdrawn, and the changed ones loaded again as new files."""
    touched_equal = [
        file for file in comparison.touched
        if checksums.get(file["source_file"]) == comparison.registered_touched[file["source_file"]]["checksum"]
    ]
    equal_names = {file["source_file"] for file in touched_equal}
    changed = [*comparison.size_changed, *(
        comparison.registered_touched[file["source_file"]]
        for file in comparison.touched if file["source_file"] not in equal_names
    )]
    withdrawn = sorted(
        [{**plan, "change": "changed"} for plan in changed] + [{**plan, "change": "withdrawn"} for plan in comparison.vanished],
        key=lambda plan: plan["source_file"],
    )
    problems = [(plan["source_file"], f"drugs file {plan['change']}") for plan in withdrawn if plan["file_kind"] == DRUGS_KIND]
    if not is_first_build:
        problems += [
            (file["source_file"], "new drugs file: every title must be matched again")
            for file in comparison.new if file["file_kind"] == DRUGS_KIND
        ]
    if problems:
        named = "; ".join(f"{name} ({reason})" for name, reason in sorted(problems))
        error = (
            f"Raw files differ from the ones already loaded, in '{raw_dir}': {named}. The drug list changed: every"
            " title must be matched again, run `make run FULL_REFRESH=1` (or `dbt build --full-refresh`) to load"
            " every file again."
        )
        return Decision(touched_equal, [], [], error, [])
    changed_names = {plan["source_file"] for plan in withdrawn if plan["change"] == "changed"}
    reload = sorted(
        (file for file in [*comparison.size_changed_listed, *comparison.touched] if file["source_file"] in changed_names),
        key=lambda file: (file["file_kind"], file["source_file"]),
    )
    log = []
    if withdrawn:
        named = "; ".join(f"{plan['source_file']} ({plan['change']})" for plan in withdrawn)
        log.append(f"Raw files withdrawn, their rows taken back: {named} (a changed file is loaded again).")
    return Decision(touched_equal, withdrawn, reload, None, log)
