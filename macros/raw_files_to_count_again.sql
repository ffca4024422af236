{% macro raw_files_to_count_again(resolved_rows, loaded_files) %}
    {#- On an incremental run of a model counted per raw file, whose `decided_at` is the time of the run that
        counted the file: the files whose counts may have changed since its latest run, those with rows
        decided (`resolved_rows`: int_publication_rows_resolved) or loaded (`loaded_files`:
        int_raw_files_loaded) after it. A row whose outcome changes is decided again, so the other files keep
        their counts. Every file when the model has no row yet. -#}
    {%- set latest = latest_time(this, 'decided_at') %}
    select source_file from {{ resolved_rows }}
    where {{ "decided_at > " ~ latest if latest else "true" }}
    union
    select source_file from {{ loaded_files }}
    where {{ "loaded_at > " ~ latest if latest else "true" }}
{%- endmacro %}

{% macro delete_raw_files_counted_again(resolved_rows, loaded_files) %}
    {#- Pre-hook of the models counted per raw file (nothing on a full build): deletes the rows of the files
        the run counts again (raw_files_to_count_again). -#}
    {%- if is_incremental() %}
    delete from {{ this }}
    where source_file in ({{ raw_files_to_count_again(resolved_rows, loaded_files) }})
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}
