-- Reads the resolved rows rather than dim_publications, whose titles (joined from staging) it does not need.
-- Incremental: a run writes again the mentions of the publications whose own row it decided again (see
-- macros/incremental/delete_rows_of_changed_publications.sql).
{{ config(
    pre_hook="{{ delete_rows_of_changed_publications(
        ref('int_publication_rows_resolved'), 'source_file', 'source_row'
    ) }}",
) }}

with

mentions as (

    select * from {{ ref('int_drug_mentions_matched') }}

),

publications as (

    select changed_rows.*
    from {{ changed_publication_rows(ref('int_publication_rows_resolved'), '*') }} as changed_rows
    where changed_rows.resolution = 'publication'

),

final as (

    select
        mentions.drug_id,
        {{ publication_key('publications.source_kind', 'publications.publication_id') }} as publication_key,
        publications.source_kind,
        -- dim_journals' key, made here: the mentions need not wait for the journals to be built
        case
            when publications.journal_key is not null then {{ journal_id('publications.journal_key') }}
        end as journal_id,
        publications.published_on as mentioned_on,
        publications.source_file,
        publications.source_row,
        publications.decided_at

    from mentions
    inner join publications
        on
            mentions.source_file = publications.source_file
            and mentions.source_row = publications.source_row

)

select * from final
