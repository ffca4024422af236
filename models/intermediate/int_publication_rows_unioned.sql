with

pubmed_csv_articles as (

    select * from {{ ref('stg_pubmed__csv_articles') }}

),

pubmed_json_articles as (

    select * from {{ ref('stg_pubmed__json_articles') }}

),

clinical_trials as (

    select * from {{ ref('stg_clinical_trials__trials') }}

),

unioned as (

    select * from pubmed_csv_articles
    union all
    select * from pubmed_json_articles
    union all
    select * from clinical_trials

),

keyed as (

    select
        *,
        lower(journal) as journal_key

    from unioned

)

select * from keyed
