-- Drug -> journal edges of the drug graph (mentioned_by): one per row of fct_journal_drug_mentions (drug, journal,
-- date and source kind), which goes with the first raw file of its publications in the export.

with

journal_mentions as (

    select * from {{ ref('fct_journal_drug_mentions') }}

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
        decided_at

    from journal_mentions

),

final as (

    select
        *,
        {{ graph_edge_json() }} as edge_json

    from mentioned_by

)

select * from final
