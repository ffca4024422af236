-- Nodes of the drug graph: every drug (graph_drug_nodes), the publications linked to at least one drug, and their
-- journals (graph_journal_nodes).
-- Incremental: a run writes again the drug and journal nodes (a few thousand) and the nodes of the publications
-- whose own row was decided after the latest node's (see macros/incremental/delete_rows_of_changed_publications.sql).
{{ config(
    pre_hook="{{ delete_rows_of_changed_publications(ref('int_publication_rows_resolved')) }}",
    meta={'column_compression': {'node_json': 'zstd'}},
) }}

with

drug_nodes as (

    select * from {{ ref('graph_drug_nodes') }}

),

journal_nodes as (

    select * from {{ ref('graph_journal_nodes') }}

),

publications as (

    select
        changed_rows.*,
        {{ publication_key() }} as publication_key

    from {{ changed_publication_rows(ref('int_publication_rows_resolved'), '*') }} as changed_rows
    where changed_rows.resolution = 'publication'

),

matched_rows as (

    -- The rows drugs were found in carry their titles: the export reads no other title.
    select * from {{ ref('int_drug_mentions_matched') }}

),

publication_nodes as (

    -- As in fct_drug_mentions: the matched rows that are publications' own rows (the rows merged into a
    -- publication share its title, so its own row is matched too).
    select distinct
        publications.publication_key as node_id,
        publications.source_kind as node_kind,
        {{ json_object([
            ('id', 'publications.publication_key'),
            ('kind', 'publications.source_kind'),
            ('publication_id', 'publications.publication_id'),
            ('title', 'matched_rows.title'),
            ('date', 'cast(publications.published_on as ' ~ dbt.type_string() ~ ')'),
        ]) }} as node_json,
        publications.source_file as publication_file,
        publications.source_row as publication_row,
        publications.decided_at

    from matched_rows
    inner join publications
        on
            matched_rows.source_file = publications.source_file
            and matched_rows.source_row = publications.source_row

),

unioned as (

    select * from drug_nodes
    union all
    select * from publication_nodes
    union all
    select * from journal_nodes

)

select * from unioned
