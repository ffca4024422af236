-- Drug -> journal edges of the drug graph (mentioned_by): one per row of fct_journal_drug_mentions (drug, journal,
-- date and source kind), which goes with the first raw file of its publications in the export.
-- On DuckDB, a table merged on the edge key (dbt_project.yml): a run merges the rows the mart counted again,
-- inserting new edges and updating those whose first file changed, while an edge that did not change keeps its
-- time, so that the export does not write its part again (docs/performance.md, "Drug → journal edges"); the
-- pre-hook deletes the edges whose row is gone (macros/incremental/delete_vanished_journal_edges.sql). Elsewhere a
-- view.
{{ config(
    pre_hook="{{ delete_vanished_journal_edges(
        ref('fct_journal_drug_mentions'), ref('int_publication_rows_resolved'), ref('int_drug_mentions_matched')
    ) }}",
) }}

with

journal_mentions as (

    select * from {{ ref('fct_journal_drug_mentions') }}
    where {{ newer_than_model(this, 'decided_at') }}

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
