"""What each row of the drugs files becomes (README, "Ids", "Every raw row is accounted for"): a drug, a row
merged into one, or a rejected row.

- `atccode` is cleaned and upper-cased; a drug without one gets `gen-` and 16 hex digits of a hash of its
  name's words.
- Rejected: both values empty (`empty_row`), no name (`missing_drug_name`), a name without letters or digits
  (`drug_name_without_words`).
- Rows with the same code and the same name words are one drug, kept from its first row (by file name, then
  row); the others are merged into it (the README is silent: this is the model's rule).
- One code given to different names: the name found first keeps it, the other names' rows are rejected
  (`conflicting_duplicate_atccode`).
- One name (the same words) under two codes, or with and without one: issue 20 asks for a decision; this
  reference expects the name's first drug (by its first row) to keep it and the other's rows to be rejected
  (`conflicting_duplicate_drug_name`, DUPLICATE_DRUG_NAME_REASON). The pipeline today makes two drugs: the
  generator makes such names only with its `same_drug_name_two_codes` trap.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reference.cleaning import clean_text, words
from reference.raw_files import RawRow

DUPLICATE_DRUG_NAME_REASON = "conflicting_duplicate_drug_name"


def short_hash(text: str) -> str:
    """The first 16 hex digits of the MD5 of a text: the README's deterministic surrogate."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class DrugRow:
    source_file: str
    source_row: int
    atccode: str | None
    drug_name: str | None
    name_words: str | None
    drug_id: str | None = None
    resolution: str = "drug"  # drug, merged or rejected
    rejection_reason: str | None = None
    merged_into: str | None = None

    @property
    def position(self) -> tuple[str, int]:
        return (self.source_file, self.source_row)

    @property
    def record_kind(self) -> str:
        return "drug"


def staged_drug_row(raw: RawRow) -> DrugRow:
    code = clean_text(raw.values["atccode"])  # type: ignore[arg-type]
    name = clean_text(raw.values["drug"])  # type: ignore[arg-type]
    row = DrugRow(raw.source_file, raw.source_row, code.upper() if code else None, name, words(name) if name else None)
    if raw.has_invalid_utf8:
        row.rejection_reason = "invalid_utf8"
    elif code is None and name is None:
        row.rejection_reason = "empty_row"
    elif name is None:
        row.rejection_reason = "missing_drug_name"
    elif not row.name_words:
        row.rejection_reason = "drug_name_without_words"
    else:
        row.drug_id = row.atccode or "gen-" + short_hash(row.name_words)
    if row.rejection_reason:
        row.resolution = "rejected"
    return row


def resolve_drugs(raw_rows: list[RawRow]) -> list[DrugRow]:
    rows = sorted((staged_drug_row(raw) for raw in raw_rows), key=lambda row: row.position)
    groups: dict[tuple[str, str], list[DrugRow]] = {}
    for row in rows:
        if row.resolution != "rejected":
            groups.setdefault((row.drug_id, row.name_words), []).append(row)  # type: ignore[arg-type]
    # groups in the order of their first rows (rows are sorted): the first name under a code keeps it
    code_owner: dict[str, str] = {}
    name_owner: dict[str, str] = {}
    for (drug_id, name_words), members in groups.items():
        _, *others = members
        for other in others:
            other.resolution, other.merged_into = "merged", drug_id
        owner = code_owner.setdefault(drug_id, name_words)
        reason = None
        if owner != name_words:
            reason = "conflicting_duplicate_atccode"
        elif name_owner.setdefault(name_words, drug_id) != drug_id:
            reason = DUPLICATE_DRUG_NAME_REASON
        if reason:
            for member in members:
                member.resolution, member.rejection_reason, member.merged_into = "rejected", reason, None
    return rows
