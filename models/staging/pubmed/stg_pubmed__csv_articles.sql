-- The three publication sources share one staging shape: see macros/stage_publication_rows.sql.
-- Incremental: each raw file is loaded once, by the first run that finds it (BigQuery appends with a merge
-- without key). Titles are written uncompressed, being read again by the merge and the matching: see
-- macros/duckdb__create_table_as.sql.
{{ config(
    meta={'column_compression': {'publication_id': 'zstd', 'title': 'uncompressed', 'raw_title': 'zstd'}},
) }}

{{ stage_publication_rows(source('pubmed', 'pubmed_csv'), 'pubmed', 'title') }}
