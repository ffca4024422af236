-- A view: the publication rows of int_publication_rows_resolved, with their titles joined from staging, which
-- holds the only copy of each title.
with

publications as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution = 'publication'

),

publication_rows as (

    select * from {{ ref('int_publication_rows_unioned') }}

),

journals as (

    select * from {{ ref('dim_journals') }}

),

final as (

    select
        {{ publication_key('publications.source_kind', 'publications.publication_id') }} as publication_key,
        publications.source_kind,
        publications.publication_id,
        publications.is_id_generated,
        publication_rows.title,
        publications.published_on,
        journals.journal_id,
        publications.source_file,
        publications.source_row,
        publications.source_row_count

    from publications
    left join publication_rows
        on
            publications.source_file = publication_rows.source_file
            and publications.source_row = publication_rows.source_row
    left join journals
        on publications.journal_key = journals.journal_key

)

select * from final
