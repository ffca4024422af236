{% macro raw_rows_to_load(source_relation) %}
    {#- The select of the raw rows a staging model loads: every row, or on an incremental run only the rows of
        the files the model has not loaded yet (raw files are loaded whole, once). -#}
    {{ return(adapter.dispatch('raw_rows_to_load', 'drug_graph')(source_relation)) }}
{%- endmacro %}

{% macro default__raw_rows_to_load(source_relation) %}
    select * from {{ source_relation }}
    {%- if is_incremental() %}
    where source_file not in (select source_file from {{ this }})
    {%- endif %}
{%- endmacro %}

{% macro duckdb__raw_rows_to_load(source_relation) %}
    {#- The raw view reads every file, and a filter on the file name does not reach its reader: the select
        reads the new files only. -#}
    {%- if is_incremental() and execute and raw_files_are_read() -%}
        {%- set pending = duckdb__raw_file_plans(source_relation.identifier, not_loaded_in=this) -%}
        {%- for kind in raw_file_kinds() if kind.table == source_relation.identifier -%}
            {{ duckdb__raw_file_select(pending, kind) }}
        {%- endfor -%}
    {%- else -%}
        select * from {{ source_relation }}
    {%- endif -%}
{%- endmacro %}
