{% macro changed_raw_files(resolved_rows, loaded_files) %}
    {#- The changed raw files of a model counted per raw file, whose `decided_at` is the time of the run that
        counted the file: on an incremental run, the files whose counts may have changed since its latest run,
        those with rows decided (`resolved_rows`: int_publication_rows_resolved) or loaded (`loaded_files`:
        int_raw_files_loaded) after its latest `decided_at`. A row whose outcome changes is decided again, so
        the other files keep their counts (docs/architecture.md, "The incremental contract"). Every file when
        the model has no row yet. With them, the raw files withdrawn since
        (macros/incremental/withdrawn_raw_files.sql): their rows are deleted, and counted again from their new
        content, if any. -#}
    {%- set latest = model_latest_time(this, 'decided_at') %}
    {%- set withdrawn = withdrawn_raw_files(this, 'decided_at') %}
    select source_file from {{ resolved_rows }}
    where {{ "decided_at > " ~ latest if latest else "true" }}
    union
    select source_file from {{ loaded_files }}
    where {{ "loaded_at > " ~ latest if latest else "true" }}
    {%- if withdrawn %}
    union
    select source_file from {{ withdrawn }} as withdrawn_files
    {%- endif %}
{%- endmacro %}

{% macro delete_rows_of_changed_raw_files(resolved_rows, loaded_files) %}
    {#- Pre-hook of the models counted per raw file (nothing on a full build): deletes the rows of the changed
        raw files (changed_raw_files), which the run counts again. -#}
    {%- if is_incremental() %}
    delete from {{ this }}
    where source_file in ({{ changed_raw_files(resolved_rows, loaded_files) }})
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}
