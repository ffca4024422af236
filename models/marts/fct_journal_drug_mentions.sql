with

mentions as (

    select * from {{ ref('fct_drug_mentions') }}
    where journal_id is not null

),

final as (

    select
        drug_id,
        journal_id,
        mentioned_on,
        source_kind,
        count(*) as publication_count,
        min(source_file) as first_source_file

    from mentions
    group by drug_id, journal_id, mentioned_on, source_kind

)

select * from final
