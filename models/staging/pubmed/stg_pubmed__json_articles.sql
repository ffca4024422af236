-- The three publication sources share one staging shape: see macros/stage_publication_rows.sql.
-- Incremental: each raw file is loaded once, by the first run that finds it (BigQuery appends with a merge
-- without key).
{{ config(
    materialized='incremental',
    incremental_strategy=('merge' if target.type == 'bigquery' else 'append'),
    meta={'column_compression': {'publication_id': 'zstd', 'title': 'zstd', 'raw_title': 'zstd'}},
) }}

{{ stage_publication_rows(source('pubmed', 'pubmed_json'), 'pubmed', 'title') }}
