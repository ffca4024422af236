{% macro update_journal_edges(journal_mentions, mentions, resolved_rows) %}
    {#- Pre-hook of graph_edges (nothing on a full build), after delete_rows_decided_again: brings the drug ->
        journal edges up to date with `journal_mentions` (fct_journal_drug_mentions), reading only the edges a
        run can change. Those are the edges of a key with a new mention (`mentions`: fct_drug_mentions, the rows
        decided after the table's latest; rendered after that delete, which can only lower the table's latest
        time, so at worst more edges are read), and the edges whose first file holds a row decided again
        (`resolved_rows`): a mention taken back was in such a file, and so was its key's first one if the first
        file changes. Such an edge is deleted when its key has no row any more, and moved (its first file set,
        stamped with the run's time) when its first file changed; the model inserts the edges of new keys. Two
        anti-joins of every edge with every row instead took 2 s on an incremental run at 37M publications. -#}
    {%- if is_incremental() %}
    {%- set changeable %}
        previous_edges.edge_kind = 'mentioned_by'
        and (
            previous_edges.publication_file in (
                select decided_rows.source_file
                from {{ resolved_rows }} as decided_rows
                where {{ loaded_after(this, 'decided_at') }}
            )
            or exists (
                select 1
                from {{ mentions }} as new_mentions
                where
                    {{ loaded_after(this, 'decided_at') }}
                    and {{ journal_edge_matches('previous_edges', 'new_mentions') }}
            )
        )
    {%- endset %}
    delete from {{ this }} as previous_edges
    where
        {{ changeable }}
        and not exists (
            select 1
            from {{ journal_mentions }} as current_mentions
            where {{ journal_edge_matches('previous_edges', 'current_mentions') }}
        );
    update {{ this }} as previous_edges
    set
        publication_file = current_mentions.first_source_file,
        decided_at = {{ run_loaded_at() }}
    from {{ journal_mentions }} as current_mentions
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
    {{ edges }}.source_node_id = {{ dbt.concat(["'drug:'", journal_mentions ~ '.drug_id']) }}
    and {{ edges }}.target_node_id = {{ dbt.concat(["'journal:'", journal_mentions ~ '.journal_id']) }}
    and {{ edges }}.edge_date = {{ journal_mentions }}.mentioned_on
    and {{ edges }}.source_kind = {{ journal_mentions }}.source_kind
{%- endmacro %}
