with

publication_rows as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution = 'merged'

),

drug_rows as (

    select * from {{ ref('int_drug_rows_resolved') }}
    where resolution = 'merged'

),

unioned as (

    select
        source_kind as record_kind,
        source_file,
        source_row,
        {{ publication_key() }} as merged_into

    from publication_rows

    union all

    select
        'drug' as record_kind,
        source_file,
        source_row,
        drug_id as merged_into

    from drug_rows

)

select * from unioned
