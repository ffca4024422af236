-- Every raw row set aside, whatever its file: rows invalid on their own, rows that lost an id conflict, drug rows.
with

invalid_publication_rows as (

    select * from {{ ref('dq_invalid_publication_rows') }}

),

conflicting_publication_rows as (

    select * from {{ ref('dq_conflicting_publication_rows') }}

),

rejected_drug_rows as (

    select * from {{ ref('dq_rejected_drug_rows') }}

),

unioned as (

    select * from invalid_publication_rows
    union all
    select * from conflicting_publication_rows
    union all
    select * from rejected_drug_rows

)

select * from unioned
