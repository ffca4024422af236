-- Every raw row (file, row) has exactly one outcome: kept, merged or rejected; no outcome lacks a raw row.
-- One aggregation over both sides, which spills to disk at scale. The largest relations come first: with a
-- tiny one first, DuckDB 2.0 sized the aggregation for it and ran out of memory instead of spilling.

with

raw_rows as (

    select
        source_file,
        source_row
    from {{ ref('stg_pubmed__csv_articles') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_clinical_trials__trials') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_pubmed__json_articles') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_drugs__drugs') }}

),

outcomes as (

    select
        source_file,
        source_row
    from {{ ref('int_publication_rows_resolved') }}
    where resolution <> 'rejected'
    union all
    select
        source_file,
        source_row
    from {{ ref('int_drug_rows_resolved') }}
    where resolution <> 'rejected'
    union all
    select
        source_file,
        source_row
    from {{ ref('dq_rejected_rows') }}

),

tallied as (

    select
        source_file,
        source_row,
        1 as raw_count,
        0 as outcome_count
    from raw_rows
    union all
    select
        source_file,
        source_row,
        0 as raw_count,
        1 as outcome_count
    from outcomes

)

select
    source_file,
    source_row,
    sum(raw_count) as times_read,
    sum(outcome_count) as times_resolved
from tallied
group by source_file, source_row
having sum(raw_count) <> 1 or sum(outcome_count) <> 1
