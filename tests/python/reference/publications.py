"""What each PubMed article or clinical trial row becomes (README, "Dates", "Ids", "Merging", "Every raw row is
accounted for"): a publication, a row merged into one, or a rejected row with its reason.

Validation, in this order: a value that is not UTF-8 (`invalid_utf8`), a JSON object, array or boolean
(`non_scalar_value`), then `empty_row`, `missing_title`, a cleaned title longer than TITLE_LENGTH_LIMIT
(`title_too_long`), `missing_date`, `unknown_date_format`, `invalid_date`.

Merging: rows of the same kind (the PubMed CSV and JSON files are one kind) with the same cleaned title and
date are one publication when no two of them carry different ids or different journals (an empty value
conflicts with nothing): the split trial, the exact duplicate. When some do conflict, only the rows equal on
id and journal are one publication (the README is silent on three rows where two conflict: this is the
model's rule). A publication's first row (by file name, then row) is its own; the others are merged into it.
A publication without an id gets `gen-` and 16 hex digits of a hash of kind, title, date and journal. When
several publications claim one id, the one whose first row comes first keeps it; every row of the others is
rejected (`conflicting_duplicate_id`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reference.cleaning import clean_text, fold_case
from reference.dates import date_layout, is_ambiguous, parse_date
from reference.drugs import short_hash
from reference.raw_files import RawRow, Value

# Any limit between the generator's longest ordinary title (a few hundred characters) and its long titles
# (250,000 characters) gives the same answers; the hardened loader's default is not known yet.
TITLE_LENGTH_LIMIT = 20_000  # the var max_title_length's default


@dataclass
class PublicationRow:
    source_kind: str
    source_file: str
    source_row: int
    publication_id: str | None = None
    title: str | None = None
    journal: str | None = None
    date_text: str | None = None
    published_on: date | None = None
    is_date_ambiguous: bool = False
    rejection_reason: str | None = None
    # decided by the merge
    resolution: str | None = None  # publication, merged or rejected
    publication: Publication | None = None

    @property
    def position(self) -> tuple[str, int]:
        return (self.source_file, self.source_row)

    @property
    def record_kind(self) -> str:
        return self.source_kind

    @property
    def journal_key(self) -> str | None:
        return fold_case(self.journal) if self.journal else None


@dataclass
class Publication:
    source_kind: str
    publication_id: str
    is_id_generated: bool
    title: str
    published_on: date
    journal_key: str | None
    rows: list[PublicationRow]

    @property
    def key(self) -> str:
        return f"{self.source_kind}:{self.publication_id}"

    @property
    def first_row(self) -> PublicationRow:
        return self.rows[0]


def text_value(value: Value) -> str | None:
    return value if isinstance(value, str) else None


def staged_publication_row(raw: RawRow) -> PublicationRow:
    id_value, title_value, date_value, journal_value = (raw.values[column] for column in raw.kind.columns)
    row = PublicationRow(raw.kind.name, raw.source_file, raw.source_row)
    if raw.has_invalid_utf8:
        row.rejection_reason = "invalid_utf8"
        return row
    if any(value is not None and not isinstance(value, str) for value in raw.values.values()):
        row.rejection_reason = "non_scalar_value"
        return row
    row.publication_id = clean_text(text_value(id_value))
    row.title = clean_text(text_value(title_value))
    row.journal = clean_text(text_value(journal_value))
    row.date_text = clean_text(text_value(date_value))
    layout = date_layout(row.date_text) if row.date_text else None
    row.published_on = parse_date(row.date_text) if layout else None
    row.is_date_ambiguous = bool(row.date_text) and is_ambiguous(row.date_text)  # type: ignore[arg-type]
    if row.publication_id is None and row.title is None and row.date_text is None and row.journal is None:
        row.rejection_reason = "empty_row"
    elif row.title is None:
        row.rejection_reason = "missing_title"
    elif len(row.title) > TITLE_LENGTH_LIMIT:
        row.rejection_reason = "title_too_long"
    elif row.date_text is None:
        row.rejection_reason = "missing_date"
    elif layout is None:
        row.rejection_reason = "unknown_date_format"
    elif row.published_on is None:
        row.rejection_reason = "invalid_date"
    return row


def merge_groups(rows: list[PublicationRow]) -> list[list[PublicationRow]]:
    """The rows of one kind, title and date, split into the publications they make."""
    ids = {row.publication_id for row in rows if row.publication_id is not None}
    journals = {row.journal_key for row in rows if row.journal_key is not None}
    if len(ids) <= 1 and len(journals) <= 1:
        return [rows]
    groups: dict[tuple[str | None, str | None], list[PublicationRow]] = {}
    for row in rows:
        groups.setdefault((row.publication_id, row.journal_key), []).append(row)
    return list(groups.values())


def publication_of(rows: list[PublicationRow]) -> Publication:
    first = rows[0]
    given_id = max((row.publication_id for row in rows if row.publication_id is not None), default=None)
    journal_key = max((row.journal_key for row in rows if row.journal_key is not None), default=None)
    assert first.title is not None and first.published_on is not None
    generated_id = "gen-" + short_hash(
        "|".join([first.source_kind, first.title, first.published_on.isoformat(), journal_key or ""])
    )
    return Publication(
        first.source_kind, given_id or generated_id, given_id is None, first.title, first.published_on,
        journal_key, rows,
    )


def resolve_publications(raw_rows: list[RawRow]) -> tuple[list[PublicationRow], list[Publication]]:
    """Every publication row, staged and decided, and the publications kept."""
    rows = sorted((staged_publication_row(raw) for raw in raw_rows), key=lambda row: (row.source_kind, row.position))
    by_title_and_date: dict[tuple[str, str, date], list[PublicationRow]] = {}
    for row in rows:
        if row.rejection_reason is None:
            key = (row.source_kind, row.title, row.published_on)
            by_title_and_date.setdefault(key, []).append(row)  # type: ignore[arg-type]
        else:
            row.resolution = "rejected"
    candidates = [
        publication_of(group) for same in by_title_and_date.values() for group in merge_groups(same)
    ]
    claimed: dict[str, list[Publication]] = {}
    for candidate in candidates:
        claimed.setdefault(candidate.key, []).append(candidate)
    publications = []
    for claimants in claimed.values():
        keeper, *others = sorted(claimants, key=lambda publication: publication.first_row.position)
        publications.append(keeper)
        for row in keeper.rows:
            row.resolution = "publication" if row is keeper.first_row else "merged"
            row.publication = keeper
        for other in others:
            for row in other.rows:
                row.resolution, row.rejection_reason = "rejected", "conflicting_duplicate_id"
    return rows, publications
