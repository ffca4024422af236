{% macro delete_vanished_journal_edges(journal_mentions, resolved_rows, matched_mentions) %}
    {#- Pre-hook of graph_journal_edges where it is an incremental table merged on the edge key (DuckDB; nothing on
        a full build): deletes the drug -> journal edges whose row `journal_mentions` (fct_journal_drug_mentions)
        no longer has, which a merge cannot (it inserts and updates the rows it is given). Only the edges of the
        changed journal mention keys can lose their row (changed_journal_mention_keys): the mart counted those
        again in this run, so an edge of such a key without a row newer than the model is gone. -#}
    {%- do depends_on_changed_publication_rows() %}
    {%- if is_incremental() %}
    delete from {{ this }} as previous_edges
    where
        exists (
            select 1
            from ({{ changed_journal_mention_keys(resolved_rows, matched_mentions) }}) as changed_keys
            where
                previous_edges.source_node_id = {{ drug_node_id('changed_keys.drug_id') }}
                and previous_edges.edge_date = changed_keys.mentioned_on
                and previous_edges.source_kind = changed_keys.source_kind
        )
        and not exists (
            select 1
            from (select * from {{ journal_mentions }} where {{ newer_than_model(this, 'decided_at') }}) as current_mentions
            where
                previous_edges.source_node_id = {{ drug_node_id('current_mentions.drug_id') }}
                and previous_edges.target_node_id = {{ journal_node_id('current_mentions.journal_id') }}
                and previous_edges.edge_date = current_mentions.mentioned_on
                and previous_edges.source_kind = current_mentions.source_kind
        )
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}
