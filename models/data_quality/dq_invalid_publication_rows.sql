-- Rows of the publication files rejected on their own (a missing title, an unknown date format...), as
-- int_publication_rows_unioned decided. Read by dq_rejected_rows.
with

publication_rows as (

    select * from {{ ref('int_publication_rows_unioned') }}
    where rejection_reason is not null

),

final as (

    select
        source_kind as record_kind,
        source_file,
        source_row,
        rejection_reason,
        coalesce(raw_id, publication_id) as raw_id,
        coalesce(raw_title, title) as raw_text,
        coalesce(raw_date, date_text) as raw_date,
        coalesce(raw_journal, journal) as raw_journal

    from publication_rows

)

select * from final
