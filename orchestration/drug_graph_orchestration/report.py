"""A human-readable HTML report per build in OUTPUT_DIR/reports/: what the run did, what changed since the run
before, the rejected rows by reason, the top journals (with a bar chart, where a picture beats a table), the
sources' freshness and the alerts raised. One file per run (`run-<start>-<run id>.html`) and `latest.html`."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import duckdb

from drug_graph_orchestration.alerts import Alert

COUNTS = [
    ("files_loaded", "files loaded"),
    ("files_changed", "files changed"),
    ("files_withdrawn", "files withdrawn"),
    ("rows_read", "rows read"),
    ("rows_rejected", "rows rejected (of those read)"),
    ("rows_merged", "rows merged (of those read)"),
]
TOTALS = [
    ("drugs", "drugs"),
    ("publications", "publications"),
    ("journals", "journals"),
    ("mentions", "drug-publication mentions"),
    ("rejected_rows_total", "rejected rows"),
    ("merged_rows_total", "merged rows"),
]
TOP_JOURNALS = 10


def write_report(
    database: Path,
    names: dict[str, str],
    run: dict[str, Any],
    previous: dict[str, Any] | None,
    freshness: list[dict[str, Any]],
    alerts: list[Alert],
    output_dir: Path,
) -> Path:
    rejected, journals = query_breakdowns(database, names, run)
    page = render(run, previous, rejected, journals, freshness, alerts)
    reports = output_dir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / f"run-{run['started_at']:%Y%m%dT%H%M%SZ}-{run['run_id'][:8]}.html"
    path.write_text(page, encoding="utf-8")
    (reports / "latest.html").write_text(page, encoding="utf-8")
    return path


def query_breakdowns(
    database: Path, names: dict[str, str], run: dict[str, Any]
) -> tuple[list[tuple[str, int, int]], list[tuple[str, int]]]:
    """Rejected rows by reason (this run's files, all files) and the journals mentioning the most drugs."""
    needed = ("dq_rejected_rows", "int_raw_files_loaded", "fct_journal_drug_mentions", "dim_journals")
    if not all(name in names for name in needed):
        return [], []
    with duckdb.connect(str(database), read_only=True) as connection:
        try:
            rejected = connection.execute(
                f"""
                select rejection_reason,
                    count(*) filter (where source_file in (
                        select source_file from {names['int_raw_files_loaded']} where loaded_at = ?
                    )),
                    count(*)
                from {names['dq_rejected_rows']}
                group by rejection_reason
                order by 3 desc, 1
                """,
                [run["started_at"]],
            ).fetchall()
            journals = connection.execute(
                f"""
                select journals.journal_name, count(distinct mentions.drug_id) as drugs
                from {names['fct_journal_drug_mentions']} as mentions
                inner join {names['dim_journals']} as journals on mentions.journal_id = journals.journal_id
                group by journals.journal_name
                order by drugs desc, journals.journal_name
                limit {TOP_JOURNALS}
                """
            ).fetchall()
        except duckdb.CatalogException:  # a run that failed before building them
            return [], []
    return rejected, journals


def bar_chart(rows: list[tuple[str, int]], title: str) -> str:
    """A horizontal bar chart as inline SVG (no script, no external file)."""
    if not rows:
        return "<p>Nothing to chart.</p>"
    label_width, bar_width, row_height = 330, 300, 22
    top = max(value for _, value in rows) or 1
    height = row_height * len(rows) + 10
    bars = []
    for index, (label, value) in enumerate(rows):
        y = 5 + index * row_height
        width = max(1, round(bar_width * value / top))
        bars.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{html.escape(label if len(label) <= 48 else label[:47] + "…")}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="{row_height - 6}" fill="#4a7ab5"/>'
            f'<text x="{label_width + width + 4}" y="{y + 15}">{value}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(title)}"'
        f' width="{label_width + bar_width + 40}" height="{height}" font-family="sans-serif" font-size="12">'
        f"<title>{html.escape(title)}</title>{''.join(bars)}</svg>"
    )


def table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(cell))}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if cell is None else str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def change(now: Any, before: Any) -> str:
    if now is None or before is None:
        return ""
    delta = now - before
    return f"{delta:+d}" if delta else "="


def render(
    run: dict[str, Any],
    previous: dict[str, Any] | None,
    rejected: list[tuple[str, int, int]],
    journals: list[tuple[str, int]],
    freshness: list[dict[str, Any]],
    alerts: list[Alert],
) -> str:
    before = previous or {}
    duration = (run["ended_at"] - run["started_at"]).total_seconds()
    summary = table(
        ["run", "command", "full refresh", "started (UTC)", "duration", "outcome", "tests failed", "tests warned"],
        [[run["run_id"], run["command"], run["full_refresh"], f"{run['started_at']:%Y-%m-%d %H:%M:%S}",
          f"{duration:.1f} s", run["outcome"], run["test_failures"], run["test_warnings"]]],
    )
    this_run = table(["this run", "count"], [[label, run[key]] for key, label in COUNTS])
    totals = table(
        ["in the warehouse", "now", "previous run", "change"],
        [[label, run[key], before.get(key), change(run[key], before.get(key))] for key, label in TOTALS],
    )
    sections = [
        f"<h1>Drug graph build {html.escape(run['outcome'])}</h1>",
        summary,
        "<h2>Alerts</h2>",
        table(["alert", "severity", "message"], [[a.kind, a.severity, a.message] for a in alerts])
        if alerts else "<p>None.</p>",
        "<h2>This run</h2>",
        this_run,
        "<h2>Changes since the previous run</h2>",
        totals if previous else "<p>First run in this warehouse: no previous run to compare with.</p>"
        + totals,
        "<h2>Rejected rows by reason</h2>",
        table(["reason", "this run's files", "all files"], [list(row) for row in rejected])
        if rejected else "<p>No rejected row.</p>",
        f"<h2>Top journals (distinct drugs mentioned, top {TOP_JOURNALS})</h2>",
        bar_chart(journals, "Journals by distinct drugs mentioned"),
        "<h2>Source freshness</h2>",
        table(["source", "status", "newest file", "age (h)"],
              [[f["source"], f["status"], f["max_loaded_at"], f["age_hours"]] for f in freshness])
        if freshness else "<p>Not checked in this run (the orchestrator checks it before each build).</p>",
    ]
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Drug graph build {html.escape(run['run_id'])}</title><style>{style}</style></head><body>\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )
