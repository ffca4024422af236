{% macro register_raw_file_listing(files) %}
    {#- Creates raw.files, one row per raw file found at the start of the run: its kind, name, path, size and
        modification time. `files` maps each kind's table to the list of its file paths. -#}
    {{ return(adapter.dispatch('register_raw_file_listing', 'drug_graph')(files)) }}
{% endmacro %}

{% macro default__register_raw_file_listing(files) %}
    {#- On a warehouse the platform that loads the raw tables also provides raw.files. -#}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__register_raw_file_listing(files) %}
    {#- read_blob reads only the file metadata when the content is not selected. -#}
    {%- set selects = [] -%}
    {%- for kind_table, paths in files.items() if paths -%}
        {%- set path_list = [] -%}
        {%- for path in paths -%}{%- do path_list.append(dbt.string_literal(path)) -%}{%- endfor -%}
        {%- do selects.append(
            "select " ~ dbt.string_literal(kind_table) ~ " as file_kind, parse_filename(filename) as source_file,"
            ~ " filename as file_path, size as size_bytes, last_modified as modified_at"
            ~ " from read_blob([" ~ path_list | join(', ') ~ "])"
        ) -%}
    {%- endfor -%}
    {%- do run_query("create or replace table raw.files as " ~ selects | join(' union all ') ~ " order by file_kind, source_file") -%}
{% endmacro %}

{% macro spark__register_raw_file_listing(files) %}
    {#- binaryFile reads only the file metadata when the content is not selected. -#}
    {%- set rows = [] -%}
    {%- for kind_table, paths in files.items() -%}
        {%- for path in paths -%}
            {%- do rows.append("(" ~ dbt.string_literal(kind_table) ~ ", " ~ dbt.string_literal(path) ~ ")") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do run_query("drop table if exists raw.files") -%}
    {%- do run_query(
        "create table raw.files as select listed.file_kind, substring_index(listed.file_path, '/', -1) as source_file,"
        ~ " listed.file_path, found.length as size_bytes, found.modificationTime as modified_at"
        ~ " from (values " ~ rows | join(', ') ~ ") as listed(file_kind, file_path)"
        ~ " inner join binaryFile.`" ~ raw_data_dir() ~ "` as found on found.path = listed.file_path"
    ) -%}
{% endmacro %}
