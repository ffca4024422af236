with

mentions as (

    select * from {{ ref('int_drug_mentions_matched') }}

),

publications as (

    select * from {{ ref('dim_publications') }}

),

final as (

    select
        mentions.drug_id,
        publications.publication_key,
        publications.source_kind,
        publications.journal_id,
        publications.published_on as mentioned_on

    from mentions
    inner join publications
        on
            mentions.source_file = publications.source_file
            and mentions.source_row = publications.source_row

)

select * from final
