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
        mentions.publication_key,
        publications.source_kind,
        publications.journal_id,
        publications.published_on as mentioned_on

    from mentions
    inner join publications
        on mentions.publication_key = publications.publication_key

)

select * from final
