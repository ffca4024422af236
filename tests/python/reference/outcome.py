"""The whole reference run on a raw folder, as sets of rows comparable with the pipeline's tables."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

from reference.drugs import resolve_drugs
from reference.mentions import (
    find_mentions,
    journal_id,
    journal_mentions,
    journal_names,
)
from reference.publications import resolve_publications
from reference.raw_files import DRUGS, list_raw_files, read_raw_rows


@dataclass
class Outcome:
    """What a build holds, each table as a set of tuples (dates as ISO text), named after the pipeline's model."""

    dim_drugs: set[tuple]  # drug_id, atccode, drug_name, source_file, source_row
    dim_publications: set[tuple]  # key, kind, id, is_id_generated, title, date, journal_id, file, row, row_count
    dim_journals: set[tuple]  # journal_id, journal_name
    fct_drug_mentions: set[tuple]  # drug_id, publication_key, source_kind, date, journal_id
    fct_journal_drug_mentions: set[tuple]  # drug_id, journal_id, date, source_kind, publication_count
    dq_rejected_rows: set[tuple]  # record_kind, source_file, source_row, rejection_reason
    dq_merged_rows: set[tuple]  # record_kind, source_file, source_row, merged_into
    dq_ambiguous_dates: set[tuple]  # source_kind, source_file, source_row, date_text, date, rejection_reason
    dq_file_reconciliation: set[tuple]  # source_file, raw_rows, kept_rows, merged_rows, rejected_rows
    graph_nodes: set[str]  # each node of drug_graph.json, as JSON with sorted keys
    graph_edges: set[str]  # each edge of drug_graph.json, as JSON with sorted keys

    def differences(self, other: Outcome, limit: int = 12) -> list[str]:
        """Per table, the rows only this outcome has (`-`) and the rows only the other has (`+`)."""
        lines = []
        for field in fields(self):
            mine, theirs = getattr(self, field.name), getattr(other, field.name)
            if mine != theirs:
                lines.append(f"{field.name}: {len(mine - theirs)} rows only expected, {len(theirs - mine)} only built")
                lines += [f"  - {row}" for row in sorted(mine - theirs, key=repr)[:limit]]
                lines += [f"  + {row}" for row in sorted(theirs - mine, key=repr)[:limit]]
        return lines


def as_json(element: dict) -> str:
    return json.dumps(element, sort_keys=True, ensure_ascii=False)


def expected_outcome(raw_dir: Path) -> Outcome:
    drug_raw, publication_raw, raw_counts = [], [], Counter()
    for kind, path in list_raw_files(raw_dir):
        rows = read_raw_rows(kind, path)
        raw_counts[path.name] += len(rows)
        (drug_raw if kind is DRUGS else publication_raw).extend(rows)
    drug_rows = resolve_drugs(drug_raw)
    publication_rows, publications = resolve_publications(publication_raw)
    drugs = [row for row in drug_rows if row.resolution == "drug"]
    names = journal_names(publication_rows)
    mentions = find_mentions(drugs, publications)

    def journal_of(publication) -> str | None:
        return journal_id(publication.journal_key) if publication.journal_key is not None else None

    outcomes: Counter[tuple[str, str]] = Counter()
    for row in [*drug_rows, *publication_rows]:
        outcomes[(row.source_file, "kept" if row.resolution in ("drug", "publication") else row.resolution)] += 1

    drug_nodes = {as_json({"id": f"drug:{d.drug_id}", "kind": "drug", "atccode": d.atccode, "name": d.drug_name})
                  for d in drugs}
    mentioned = {mention.publication.key: mention.publication for mention in mentions}
    publication_nodes = {
        as_json({"id": p.key, "kind": p.source_kind, "publication_id": p.publication_id, "title": p.title,
                 "date": p.published_on.isoformat()})
        for p in mentioned.values()
    }
    journal_nodes = {
        as_json({"id": f"journal:{journal_id(key)}", "kind": "journal", "name": names[key]})
        for key in {p.journal_key for p in mentioned.values() if p.journal_key is not None}
    }

    def edge(source: str, target: str, kind: str, publication) -> str:
        return as_json({"source": source, "target": target, "kind": kind,
                        "date": publication.published_on.isoformat(), "source_kind": publication.source_kind})

    edges = {edge(f"drug:{m.drug_id}", m.publication.key, "mentioned_in", m.publication) for m in mentions}
    edges |= {edge(p.key, f"journal:{journal_of(p)}", "published_in", p) for p in mentioned.values() if p.journal_key}
    edges |= {edge(f"drug:{m.drug_id}", f"journal:{journal_of(m.publication)}", "mentioned_by", m.publication)
              for m in mentions if m.publication.journal_key}

    return Outcome(
        dim_drugs={(d.drug_id, d.atccode, d.drug_name, d.source_file, d.source_row) for d in drugs},
        dim_publications={
            (p.key, p.source_kind, p.publication_id, p.is_id_generated, p.title, p.published_on.isoformat(),
             journal_of(p), p.first_row.source_file, p.first_row.source_row, len(p.rows))
            for p in publications
        },
        dim_journals={(journal_id(key), name) for key, name in names.items()},
        fct_drug_mentions={
            (m.drug_id, m.publication.key, m.publication.source_kind, m.publication.published_on.isoformat(),
             journal_of(m.publication))
            for m in mentions
        },
        fct_journal_drug_mentions={
            (drug, journal, day.isoformat(), kind, count)
            for (drug, journal, day, kind), count in journal_mentions(mentions).items()
        },
        dq_rejected_rows={
            (row.record_kind, row.source_file, row.source_row, row.rejection_reason)
            for row in [*drug_rows, *publication_rows]
            if row.resolution == "rejected"
        },
        dq_merged_rows={
            *((row.source_kind, row.source_file, row.source_row, row.publication.key)  # type: ignore[union-attr]
              for row in publication_rows if row.resolution == "merged"),
            *(("drug", row.source_file, row.source_row, row.merged_into)
              for row in drug_rows if row.resolution == "merged"),
        },
        dq_ambiguous_dates={
            (row.source_kind, row.source_file, row.source_row, row.date_text,
             row.published_on.isoformat() if row.published_on else None,
             row.rejection_reason if row.rejection_reason != "conflicting_duplicate_id" else None)
            for row in publication_rows
            if row.is_date_ambiguous
        },
        dq_file_reconciliation={
            (name, count, outcomes[(name, "kept")], outcomes[(name, "merged")], outcomes[(name, "rejected")])
            for name, count in raw_counts.items()
            if count > 0
        },
        graph_nodes=drug_nodes | publication_nodes | journal_nodes,
        graph_edges=edges,
    )
