with

publication_rows as (

    select * from {{ ref('int_publication_rows_validated') }}
    where is_date_ambiguous

),

final as (

    select
        source_kind,
        source_file,
        source_row,
        date_text,
        published_on as read_day_first_on,
        rejection_reason

    from publication_rows

)

select * from final
