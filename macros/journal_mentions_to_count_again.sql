{% macro journal_mentions_to_count_again(resolved_rows, matched_mentions) %}
    {#- On an incremental run of fct_journal_drug_mentions, the (drug_id, mentioned_on, source_kind) whose rows
        the run counts again: those of the mentions (`matched_mentions`: int_drug_mentions_matched) of the rows
        decided after the latest row of the model being built (`resolved_rows`: int_publication_rows_resolved;
        see rows_decided_after_latest). A mention the run writes, and one it takes back
        (its row decided again), both come from such a row, and a row keeps its own date, kind and matched
        drugs: only its journal may change, so every journal of those is counted again. graph_edges reads the
        drug -> journal edges of the same keys, the only ones a run can change. -#}
    select distinct
        matched_mentions.drug_id,
        decided_rows.published_on as mentioned_on,
        decided_rows.source_kind

    from {{ rows_decided_after_latest(resolved_rows) }} as decided_rows
    inner join {{ matched_mentions }} as matched_mentions
        on
            decided_rows.source_file = matched_mentions.source_file
            and decided_rows.source_row = matched_mentions.source_row
{%- endmacro %}

{% macro delete_journal_mentions_to_count_again(resolved_rows, matched_mentions) %}
    {#- Pre-hook of fct_journal_drug_mentions (nothing on a full build): deletes the rows the run counts again. -#}
    {%- if is_incremental() %}
    delete from {{ this }} as previous_rows
    where exists (
        select 1
        from ({{ journal_mentions_to_count_again(resolved_rows, matched_mentions) }}) as counted_again
        where {{ journal_mention_matches('previous_rows', 'counted_again') }}
    )
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}

{% macro journal_mention_matches(rows, counted_again) %}
    {#- True when a row of `rows` has the drug, date and source kind of a row of `counted_again`. -#}
    {{ rows }}.drug_id = {{ counted_again }}.drug_id
    and {{ rows }}.mentioned_on = {{ counted_again }}.mentioned_on
    and {{ rows }}.source_kind = {{ counted_again }}.source_kind
{%- endmacro %}
