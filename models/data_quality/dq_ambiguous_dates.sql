-- Incremental: a staged row never changes, so a run adds the ambiguous dates of the rows loaded since.
{{ config(
    materialized=('table' if target.type == 'spark' else 'incremental'),
    incremental_strategy=('merge' if target.type == 'bigquery' else 'append'),
) }}

with

publication_rows as (

    select * from {{ ref('int_publication_rows_validated') }}
    where is_date_ambiguous and {{ loaded_after(this) }}

),

final as (

    select
        source_kind,
        source_file,
        source_row,
        date_text,
        published_on as read_day_first_on,
        rejection_reason,
        loaded_at

    from publication_rows

)

select * from final
