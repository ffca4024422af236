-- depends_on: {{ ref('output_folder') if target.type == 'duckdb' else 'the output folder is only made on DuckDB' }}
-- Edges of the drug graph: drug -> publication (mentioned_in), publication -> journal (published_in) and
-- drug -> journal (mentioned_by, one per drug, journal, date and source kind).

with

mentions as {{ not_materialized() }} (

    select * from {{ ref('fct_drug_mentions') }}

),

journal_mentions as (

    select * from {{ ref('fct_journal_drug_mentions') }}

),

mentioned_in as (

    select
        {{ dbt.concat(["'drug:'", 'drug_id']) }} as source_node_id,
        publication_key as target_node_id,
        'mentioned_in' as edge_kind,
        mentioned_on as edge_date,
        source_kind

    from mentions

),

published_in as (

    select distinct
        publication_key as source_node_id,
        {{ dbt.concat(["'journal:'", 'journal_id']) }} as target_node_id,
        'published_in' as edge_kind,
        mentioned_on as edge_date,
        source_kind

    from mentions
    where journal_id is not null

),

mentioned_by as (

    select
        {{ dbt.concat(["'drug:'", 'drug_id']) }} as source_node_id,
        {{ dbt.concat(["'journal:'", 'journal_id']) }} as target_node_id,
        'mentioned_by' as edge_kind,
        mentioned_on as edge_date,
        source_kind

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
