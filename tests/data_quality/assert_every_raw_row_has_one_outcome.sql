-- Every raw row (file, row) has exactly one outcome: kept, merged or rejected; no outcome lacks a raw row.

with

raw_rows as (

    select
        source_file,
        source_row
    from {{ ref('stg_drugs__drugs') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_pubmed__csv_articles') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_pubmed__json_articles') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_clinical_trials__trials') }}

),

outcomes as (

    select
        source_file,
        source_row
    from {{ ref('int_drug_rows_resolved') }}
    where resolution <> 'rejected'
    union all
    select
        source_file,
        source_row
    from {{ ref('int_publication_rows_resolved') }}
    where resolution <> 'rejected'
    union all
    select
        source_file,
        source_row
    from {{ ref('dq_rejected_rows') }}

),

raw_counts as (

    select
        source_file,
        source_row,
        count(*) as raw_count
    from raw_rows
    group by source_file, source_row

),

outcome_counts as (

    select
        source_file,
        source_row,
        count(*) as outcome_count
    from outcomes
    group by source_file, source_row

)

select
    coalesce(raw_counts.source_file, outcome_counts.source_file) as source_file,
    coalesce(raw_counts.source_row, outcome_counts.source_row) as source_row,
    coalesce(raw_counts.raw_count, 0) as raw_count,
    coalesce(outcome_counts.outcome_count, 0) as outcome_count
from raw_counts
full outer join outcome_counts
    on
        raw_counts.source_file = outcome_counts.source_file
        and raw_counts.source_row = outcome_counts.source_row
where coalesce(raw_counts.raw_count, 0) <> 1 or coalesce(outcome_counts.outcome_count, 0) <> 1
