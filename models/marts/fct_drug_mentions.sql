-- Reads the resolved rows rather than dim_publications, whose titles (joined from staging) it does not need.
with

mentions as (

    select * from {{ ref('int_drug_mentions_matched') }}

),

publications as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution = 'publication'

),

journals as (

    select * from {{ ref('dim_journals') }}

),

final as (

    select
        mentions.drug_id,
        publications.publication_key,
        publications.source_kind,
        journals.journal_id,
        publications.published_on as mentioned_on

    from mentions
    inner join publications
        on
            mentions.source_file = publications.source_file
            and mentions.source_row = publications.source_row
    left join journals
        on publications.journal_key = journals.journal_key

)

select * from final
