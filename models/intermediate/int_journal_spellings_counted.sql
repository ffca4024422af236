-- How often each spelling of a journal is written in each raw file, over the rows that became publications
-- or were merged into one: dim_journals adds the files up.
-- Incremental: a run counts again the files with rows it loaded or decided again (see
-- macros/incremental/changed_raw_files.sql), after a pre-hook deletes their rows, rather than counting every row
-- again (docs/performance.md, "Counts per raw file").
{{ config(
    pre_hook="{{ delete_rows_of_changed_raw_files(
        ref('int_publication_rows_resolved'), ref('int_raw_files_loaded')
    ) }}",
) }}

with

{{ changed_cte('files_to_count', changed_raw_files(
    ref('int_publication_rows_resolved'), ref('int_raw_files_loaded')
)) }}

publication_rows as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where
        resolution in ('publication', 'merged')
        and journal_as_written is not null
        and {{ in_changed('source_file', 'files_to_count') }}

),

final as (

    select
        source_file,
        journal_key,
        journal_as_written as journal_name,
        count(*) as spelling_rows,
        {{ run_loaded_at() }} as decided_at

    from publication_rows
    group by source_file, journal_key, journal_as_written

)

select * from final
