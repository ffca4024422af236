"""The pipeline's answers on a raw folder, read from a finished build as the reference's Outcome."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from reference.outcome import Outcome, as_json

QUERIES = {
    "dim_drugs": "select drug_id, atccode, drug_name, source_file, source_row from marts.dim_drugs",
    "dim_publications": """
        select publication_key, source_kind, publication_id, is_id_generated, title,
            cast(published_on as varchar), journal_id, source_file, source_row, source_row_count
        from marts.dim_publications""",
    "dim_journals": "select journal_id, journal_name from marts.dim_journals",
    "fct_drug_mentions": """
        select drug_id, publication_key, source_kind, cast(mentioned_on as varchar), journal_id
        from marts.fct_drug_mentions""",
    "fct_journal_drug_mentions": """
        select drug_id, journal_id, cast(mentioned_on as varchar), source_kind, publication_count
        from marts.fct_journal_drug_mentions""",
    "dq_rejected_rows": "select record_kind, source_file, source_row, rejection_reason from data_quality.dq_rejected_rows",
    "dq_merged_rows": "select record_kind, source_file, source_row, merged_into from data_quality.dq_merged_rows",
    "dq_ambiguous_dates": """
        select source_kind, source_file, source_row, date_text, cast(read_day_first_on as varchar), rejection_reason
        from data_quality.dq_ambiguous_dates""",
    "dq_file_reconciliation": """
        select source_file, raw_rows, kept_rows, merged_rows, rejected_rows from data_quality.dq_file_reconciliation""",
}


def built_outcome(database: Path, graph_path: Path) -> Outcome:
    """The tables of a finished build, and its JSON graph, as an Outcome."""
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = {name: set(connection.sql(query).fetchall()) for name, query in QUERIES.items()}
    graph = json.loads(graph_path.read_text(encoding="utf-8"))
    return Outcome(
        **tables,
        graph_nodes={as_json(node) for node in graph["nodes"]},
        graph_edges={as_json(edge) for edge in graph["edges"]},
    )
