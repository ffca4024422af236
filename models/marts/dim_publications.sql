with

publication_rows as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution in ('publication', 'merged')

),

journals as (

    select * from {{ ref('dim_journals') }}

),

row_counts as (

    select
        publication_key,
        count(*) as source_row_count

    from publication_rows
    group by publication_key

),

publications as (

    select * from publication_rows
    where resolution = 'publication'

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
        row_counts.source_row_count

    from publications
    inner join row_counts
        on publications.publication_key = row_counts.publication_key
    left join journals
        on publications.journal_key = journals.journal_key

)

select * from final
