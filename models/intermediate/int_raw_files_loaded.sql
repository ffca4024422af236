-- The raw files loaded so far, with their size and modification time when loaded: the start of each
-- incremental run compares them with the files found then (macros/check_loaded_raw_files.sql).
-- Drugs files count as loaded as soon as they are found (the drug list is read whole on every run);
-- a publication file counts once its rows are in staging, so a file without rows is read again next run.
-- A withdrawn file (changed or vanished; macros/incremental/withdrawn_raw_files.sql) is deleted first, and a
-- changed one counts again once its new rows are staged.
{{ config(pre_hook="{{ delete_rows_of_withdrawn_files(this) }}") }}

with

files as (

    select * from {{ ref('stg_raw_files__files') }}

),

publication_rows as (

    select * from {{ ref('int_publication_rows_unioned') }}

),

staged_files as (

    select distinct source_file from publication_rows

),

loaded as (

    select
        files.file_kind,
        files.source_file,
        files.size_bytes,
        files.modified_at,
        {{ run_loaded_at() }} as loaded_at

    from files
    where
        files.file_kind = 'drugs'
        or files.source_file in (select staged_files.source_file from staged_files)

),

new_files as (

    select * from loaded
    where {{ not_in_model('source_file') }}

)

select * from new_files
