-- The three publication sources share one staging shape: see macros/stage_publication_rows.sql.
-- Incremental: each raw file is loaded once, by the first run that finds it.
{{ config(materialized='incremental', incremental_strategy='append') }}

{{ stage_publication_rows(source('pubmed', 'pubmed_csv'), 'pubmed', 'title') }}
