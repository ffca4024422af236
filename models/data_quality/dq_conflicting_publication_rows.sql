-- Rows of the publication files rejected by the merge rule: an id claimed by another publication
-- (int_publication_rows_resolved), with their values as read. Read by dq_rejected_rows.
with

resolved_rows as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution = 'rejected'

),

publication_rows as (

    select * from {{ ref('int_publication_rows_unioned') }}

),

final as (

    select
        publication_rows.source_kind as record_kind,
        publication_rows.source_file,
        publication_rows.source_row,
        resolved_rows.rejection_reason,
        coalesce(publication_rows.raw_id, publication_rows.publication_id) as raw_id,
        coalesce(publication_rows.raw_title, publication_rows.title) as raw_text,
        coalesce(publication_rows.raw_date, publication_rows.date_text) as raw_date,
        coalesce(publication_rows.raw_journal, publication_rows.journal) as raw_journal

    from resolved_rows
    inner join publication_rows
        on
            resolved_rows.source_file = publication_rows.source_file
            and resolved_rows.source_row = publication_rows.source_row

)

select * from final
