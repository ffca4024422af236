with

publications as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution = 'publication'

),

journals as (

    select * from {{ ref('dim_journals') }}

),

final as (

    select
        publications.publication_key,
        publications.source_kind,
        publications.publication_id,
        publications.is_id_generated,
        publications.title,
        publications.published_on,
        journals.journal_id,
        publications.source_file,
        publications.source_row,
        publications.source_row_count

    from publications
    left join journals
        on publications.journal_key = journals.journal_key

)

select * from final
