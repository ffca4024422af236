-- The changed publication rows (docs/architecture.md, "The incremental contract"): the rows of
-- int_publication_rows_resolved decided after the latest `decided_at` of the least up-to-date model that reads
-- them, so that each reader (changed_publication_rows) finds its own among them. Empty on a full build, where no
-- reader reads it. A table, not a filter on the 37M rows: DuckDB's planner then knows how few they are
-- (docs/performance.md, "The decided rows as a table"). DuckDB only; elsewhere the readers filter
-- int_publication_rows_resolved themselves.
with

publication_rows as (

    select * from {{ ref('int_publication_rows_resolved') }}

),

final as (

    select
        source_kind,
        source_file,
        source_row,
        publication_id,
        published_on,
        journal_key,
        resolution,
        decided_at

    from publication_rows
    where {{ decided_after_its_readers() }}

)

select * from final
