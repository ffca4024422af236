-- depends_on: {{ ref('int_publication_rows_resolved') }}
-- (only for the order of the build: dbt builds two models at once, and built as soon as staging is done this
-- model held the second thread while the merge, the longest model, waited for it; docs/performance.md.)
-- Incremental: a staged row never changes, so a run adds the ambiguous dates of the rows loaded since, after a
-- pre-hook deletes those of the withdrawn raw files (changed or vanished; macros/incremental/withdrawn_raw_files.sql).
{{ config(pre_hook="{{ delete_rows_of_withdrawn_files(this) }}") }}

with

publication_rows as (

    select * from {{ ref('int_publication_rows_unioned') }}
    where is_date_ambiguous and {{ newer_than_model(this) }}

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
