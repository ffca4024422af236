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

validated as (

    select
        *,
        lower(journal) as journal_key,
        case
            when publication_id is null and title is null and date_text is null and journal is null
                then 'empty_row'
            when title is null then 'missing_title'
            when date_text is null then 'missing_date'
            when date_format is null then 'unknown_date_format'
            when published_on is null then 'invalid_date'
        end as rejection_reason

    from unioned

)

select * from validated
