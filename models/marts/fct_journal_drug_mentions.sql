-- Incremental: a run counts again the (drug, date, source kind) of the publications whose own row it decided
-- again, over every journal, and replaces their rows (see macros/incremental/changed_journal_mention_keys.sql).
{{ config(
    pre_hook="{{ delete_changed_journal_mentions(
        ref('int_publication_rows_resolved'), ref('int_drug_mentions_matched')
    ) }}",
) }}

with

mentions as (

    -- The alias is read by the filter of incremental runs only.
    select * from {{ ref('fct_drug_mentions') }} as drug_mentions  -- noqa: AL05
    where
        journal_id is not null
        and {{ has_changed_journal_mention_key(
            'drug_mentions', ref('int_publication_rows_resolved'), ref('int_drug_mentions_matched')
        ) }}

),

final as (

    select
        drug_id,
        journal_id,
        mentioned_on,
        source_kind,
        count(*) as publication_count,
        min(source_file) as first_source_file,
        {{ run_loaded_at() }} as decided_at

    from mentions
    group by drug_id, journal_id, mentioned_on, source_kind

)

select * from final
