-- Edges of the drug graph tied to one publication: drug -> publication (mentioned_in) and publication -> journal
-- (published_in). Incremental: a run writes again the edges of the publications whose own row was decided after
-- the latest edge's (see macros/incremental/delete_rows_of_changed_publications.sql).
{{ config(
    pre_hook="{{ delete_rows_of_changed_publications(ref('int_publication_rows_resolved')) }}",
    meta={'column_compression': {'edge_json': 'zstd'}},
) }}

with

mentions as {{ not_materialized() }} (

    select
        *,
        source_file as publication_file,
        source_row as publication_row

    from {{ ref('fct_drug_mentions') }}
    where {{ newer_than_model(this, 'decided_at') }}

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

unioned as (

    select * from mentioned_in
    union all
    select * from published_in

),

final as (

    select
        *,
        {{ graph_edge_json() }} as edge_json

    from unioned

)

select * from final
