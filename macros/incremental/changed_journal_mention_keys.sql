{% macro changed_journal_mention_keys(resolved_rows, matched_mentions) %}
    {#- The changed journal mention keys: on an incremental run of fct_journal_drug_mentions, the (drug_id,
        mentioned_on, source_kind) whose rows the run counts again, those of the mentions (`matched_mentions`:
        int_drug_mentions_matched) of the changed publication rows of the model being built (`resolved_rows`:
        int_publication_rows_resolved; see changed_publication_rows). A mention the run writes, and one it
        takes back (its row decided again), both come from such a row, and a row keeps its own date, kind and
        matched drugs: only its journal may change, so every journal of those is counted again. With them, the
        keys of the mentions of the raw files withdrawn since the model's latest time, whose rows are gone
        (withdrawn_mention_keys, macros/incremental/withdrawn_raw_files.sql). -#}
    {%- set withdrawn_keys = withdrawn_mention_keys(this) %}
    select distinct
        matched_mentions.drug_id,
        changed_rows.published_on as mentioned_on,
        changed_rows.source_kind

    from {{ changed_publication_rows(resolved_rows) }} as changed_rows
    inner join {{ matched_mentions }} as matched_mentions
        on
            changed_rows.source_file = matched_mentions.source_file
            and changed_rows.source_row = matched_mentions.source_row
    {%- if withdrawn_keys %}
    union
    select * from {{ withdrawn_keys }} as withdrawn_keys
    {%- endif %}
{%- endmacro %}

{% macro delete_changed_journal_mentions(resolved_rows, matched_mentions) %}
    {#- Pre-hook of fct_journal_drug_mentions (nothing on a full build): deletes the rows of the changed
        journal mention keys, which the run counts again. -#}
    {%- do depends_on_changed_publication_rows() %}
    {%- if is_incremental() %}
    delete from {{ this }} as previous_rows
    where {{ has_changed_journal_mention_key('previous_rows', resolved_rows, matched_mentions) }}
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}

{% macro has_changed_journal_mention_key(rows, resolved_rows, matched_mentions) %}
    {#- On an incremental run, the filter keeping the rows of `rows` (a mention per drug, date, source kind and
        journal) of a changed journal mention key; `true` on a full build. -#}
    {%- do depends_on_changed_publication_rows() %}
    {%- if is_incremental() %}
    exists (
        select 1
        from ({{ changed_journal_mention_keys(resolved_rows, matched_mentions) }}) as changed_keys
        where {{ journal_mention_matches(rows, 'changed_keys') }}
    )
    {%- else %}
    true
    {%- endif %}
{%- endmacro %}

{% macro journal_mention_matches(rows, changed_keys) %}
    {#- True when a row of `rows` has the drug, date and source kind of a row of `changed_keys` (the rows of
        changed_journal_mention_keys). -#}
    {{ rows }}.drug_id = {{ changed_keys }}.drug_id
    and {{ rows }}.mentioned_on = {{ changed_keys }}.mentioned_on
    and {{ rows }}.source_kind = {{ changed_keys }}.source_kind
{%- endmacro %}
