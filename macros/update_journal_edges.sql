{% macro update_journal_edges(journal_mentions, resolved_rows, matched_mentions) %}
    {#- Pre-hook of graph_edges (nothing on a full build), after delete_rows_of_changed_publications: brings the drug ->
        journal edges up to date with `journal_mentions` (fct_journal_drug_mentions), reading only the edges a
        run can change: those of the drugs, dates and source kinds that the mart counted again (see
        changed_journal_mention_keys; rendered after that delete, which can only lower the table's latest
        time, so at worst more edges are read). Such an edge is deleted when its key has no row any more, and
        moved (its first file set, stamped with the run's time) when its first file changed; the model inserts
        the edges of new keys, rather than two anti-joins of every edge with every row (docs/performance.md,
        "Count again only what changed"). -#}
    {%- if is_incremental() %}
    {%- set changeable %}
        previous_edges.edge_kind = 'mentioned_by'
        and exists (
            select 1
            from ({{ changed_journal_mention_keys(resolved_rows, matched_mentions) }}) as changed_keys
            where
                previous_edges.source_node_id = {{ drug_node_id('changed_keys.drug_id') }}
                and previous_edges.edge_date = changed_keys.mentioned_on
                and previous_edges.source_kind = changed_keys.source_kind
        )
    {%- endset %}
    {#- The mart's rows of those keys are among the ones it wrote in this run, which it counted again. -#}
    {%- set counted_rows -%}
        (select * from {{ journal_mentions }} where {{ newer_than_model(this, 'decided_at') }})
    {%- endset %}
    delete from {{ this }} as previous_edges
    where
        {{ changeable }}
        and not exists (
            select 1
            from {{ counted_rows }} as current_mentions
            where {{ journal_edge_matches('previous_edges', 'current_mentions') }}
        );
    update {{ this }} as previous_edges
    set
        publication_file = current_mentions.first_source_file,
        decided_at = {{ run_loaded_at() }}
    from {{ counted_rows }} as current_mentions
    where
        {{ changeable }}
        and {{ journal_edge_matches('previous_edges', 'current_mentions') }}
        and previous_edges.publication_file <> current_mentions.first_source_file
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}

{% macro journal_edge_matches(edges, journal_mentions) %}
    {#- True when a drug -> journal edge of `edges` has the key (drug, journal, date, source kind) of a row of
        `journal_mentions` (fct_journal_drug_mentions or fct_drug_mentions). -#}
    {{ edges }}.source_node_id = {{ drug_node_id(journal_mentions ~ '.drug_id') }}
    and {{ edges }}.target_node_id = {{ journal_node_id(journal_mentions ~ '.journal_id') }}
    and {{ edges }}.edge_date = {{ journal_mentions }}.mentioned_on
    and {{ edges }}.source_kind = {{ journal_mentions }}.source_kind
{%- endmacro %}
