-- Edges of the drug graph: drug -> publication (mentioned_in), publication -> journal (published_in) and
-- drug -> journal (mentioned_by, one per drug, journal, date and source kind).
-- Incremental: a run writes again the edges of the publications whose own row was decided after the latest
-- edge's (see macros/delete_rows_of_changed_publications.sql), inserts the drug -> journal edges of new keys, and
-- deletes or moves to another first file those that changed (see macros/update_journal_edges.sql).
{{ config(
    pre_hook=[
        "{{ delete_rows_of_changed_publications(ref('int_publication_rows_resolved')) }}",
        "{{ update_journal_edges(
            ref('fct_journal_drug_mentions'), ref('int_publication_rows_resolved'), ref('int_drug_mentions_matched')
        ) }}",
    ],
    meta={'column_compression': {'edge_json': 'zstd'}},
) }}
{%- do require_no_rows(
    this, "edge_kind = 'mentioned_by' and publication_file is null", 'drug -> journal edges without a first file'
) %}

with

mentions as {{ not_materialized() }} (

    select
        *,
        source_file as publication_file,
        source_row as publication_row

    from {{ ref('fct_drug_mentions') }}
    where {{ newer_than_model(this, 'decided_at') }}

),

journal_mentions as (

    -- On an incremental run, only the rows the mart counted again whose key the table holds no edge of (the
    -- pre-hook updated the edges of the other keys).
    select * from {{ ref('fct_journal_drug_mentions') }} as current_mentions
    {%- if is_incremental() %}
    where
        {{ newer_than_model(this, 'decided_at') }}
        and not exists (
            select 1
            from {{ this }} as previous_edges
            where
                previous_edges.edge_kind = 'mentioned_by'
                and {{ journal_edge_matches('previous_edges', 'current_mentions') }}
        )
    {%- endif %}

),

mentioned_in as (

    select
        {{ drug_node_id('drug_id') }} as source_node_id,
        publication_key as target_node_id,
        'mentioned_in' as edge_kind,
        mentioned_on as edge_date,
        source_kind,
        publication_file,
        publication_row,
        decided_at

    from mentions

),

published_in as (

    select distinct
        publication_key as source_node_id,
        {{ journal_node_id('journal_id') }} as target_node_id,
        'published_in' as edge_kind,
        mentioned_on as edge_date,
        source_kind,
        publication_file,
        publication_row,
        decided_at

    from mentions
    where journal_id is not null

),

mentioned_by as (

    select
        {{ drug_node_id('drug_id') }} as source_node_id,
        {{ journal_node_id('journal_id') }} as target_node_id,
        'mentioned_by' as edge_kind,
        mentioned_on as edge_date,
        source_kind,
        first_source_file as publication_file,
        cast(null as {{ dbt.type_int() }}) as publication_row,
        {{ run_loaded_at() }} as decided_at

    from journal_mentions

),

unioned as (

    select * from mentioned_in
    union all
    select * from published_in
    union all
    select * from mentioned_by

),

final as (

    select
        *,
        {{ json_object([
            ('source', 'source_node_id'),
            ('target', 'target_node_id'),
            ('kind', 'edge_kind'),
            ('date', 'cast(edge_date as ' ~ dbt.type_string() ~ ')'),
            ('source_kind', 'source_kind'),
        ]) }} as edge_json

    from unioned

)

select * from final
