-- The common question, names joined: how often each journal mentions each drug, month by month. A view: it adds
-- nothing to a build's time, incremental or not, and reads the mentions (one row per drug and publication) when
-- queried.

with

mentions as (

    select * from {{ ref('fct_drug_mentions') }}

),

drugs as (

    select * from {{ ref('dim_drugs') }}

),

journals as (

    select * from {{ ref('dim_journals') }}

),

monthly as (

    select
        drug_id,
        journal_id,
        cast({{ dbt.date_trunc('month', 'mentioned_on') }} as date) as mention_month,
        count(*) as publication_count,
        count(case when source_kind = 'pubmed' then 1 end) as pubmed_count,
        count(case when source_kind = 'clinical_trial' then 1 end) as clinical_trial_count

    from mentions
    where journal_id is not null
    group by
        drug_id,
        journal_id,
        cast({{ dbt.date_trunc('month', 'mentioned_on') }} as date)

),

final as (

    select
        ----------  ids
        monthly.drug_id,
        monthly.journal_id,

        ----------  strings
        drugs.drug_name,
        journals.journal_name,

        ----------  dates
        monthly.mention_month,

        ----------  numerics
        monthly.publication_count,
        monthly.pubmed_count,
        monthly.clinical_trial_count

    from monthly
    inner join drugs
        on monthly.drug_id = drugs.drug_id
    inner join journals
        on monthly.journal_id = journals.journal_id

)

select * from final
