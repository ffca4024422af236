"""Mentions and journals (README, "Journals", "Mentions", "The JSON graph").

A drug is mentioned in a publication when the words of its name appear as consecutive whole words of the
title, ignoring case and accents (words: runs of letters and digits). Journals are the same journal when their
names are equal after cleaning and case folding; the display name is the spelling written most often over
the rows that became or were merged into publications (ties: the first alphabetically). A journal mentions a
drug when one of its publications does, on the publication's date, per source kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from reference.cleaning import words
from reference.drugs import DrugRow, short_hash
from reference.publications import Publication, PublicationRow


@dataclass(frozen=True)
class Mention:
    drug_id: str
    publication: Publication


def journal_id(journal_key: str) -> str:
    return short_hash(journal_key)


def is_mentioned(name_words: str, title: str) -> bool:
    return f" {name_words} " in f" {words(title)} "


def find_mentions(drugs: list[DrugRow], publications: list[Publication]) -> list[Mention]:
    return [
        Mention(drug.drug_id, publication)  # type: ignore[arg-type]
        for publication in publications
        for drug in drugs
        if is_mentioned(drug.name_words, publication.title)  # type: ignore[arg-type]
    ]


def journal_names(rows: list[PublicationRow]) -> dict[str, str]:
    """The display name of each journal, by journal key."""
    spellings: Counter[tuple[str, str]] = Counter(
        (row.publication.journal_key, row.journal)  # type: ignore[misc]
        for row in rows
        if row.resolution in ("publication", "merged") and row.journal is not None
    )
    names: dict[str, tuple[int, str]] = {}
    for (key, name), count in spellings.items():
        best = names.get(key)
        if best is None or (-count, name) < (-best[0], best[1]):
            names[key] = (count, name)
    return {key: name for key, (_, name) in names.items()}


def journal_mentions(mentions: list[Mention]) -> Counter[tuple[str, str, date, str]]:
    """Publications per drug, journal, date and source kind."""
    return Counter(
        (mention.drug_id, journal_id(mention.publication.journal_key), mention.publication.published_on,
         mention.publication.source_kind)
        for mention in mentions
        if mention.publication.journal_key is not None
    )
