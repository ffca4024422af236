{% macro duckdb__validate_raw_file(path, kind) %}
    {#- Stops the run with an error naming the file when it cannot be read or lacks a required column. -#}
    {%- set path_literal = dbt.string_literal(path) -%}
    {%- if kind.format == 'csv' -%}
        {%- set size = run_query("select size from read_blob(" ~ path_literal ~ ")").columns[0].values()[0] -%}
        {%- if size == 0 -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ path ~ ": the file is empty, expected a header line with " ~ kind.columns | join(', ') ~ ".") }}
        {%- endif -%}
        {%- set described = run_query(
            "describe select * from read_csv(" ~ path_literal ~ ", all_varchar = true, header = true, null_padding = true, parallel = false)"
        ) -%}
        {%- set found = described.columns[0].values() | list -%}
    {%- else -%}
        {%- set fixed_text = "(select " ~ duckdb__fixed_json_text('content') ~ " as content from read_text(" ~ path_literal ~ "))" -%}
        {%- set valid = run_query("select coalesce(json_valid(content), false) from " ~ fixed_text).columns[0].values()[0] -%}
        {%- if not valid -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ path ~ ": not valid JSON, even allowing trailing commas.") }}
        {%- endif -%}
        {%- set row = run_query(
            "select json_type(content) = 'ARRAY' and len(list_filter(cast(json_extract(content, '$[*]') as json[]), "
            ~ "lambda r: json_type(r) <> 'OBJECT')) = 0, "
            ~ "array_to_string(list_sort(list_distinct(flatten(list_transform("
            ~ "cast(json_extract(content, '$[*]') as json[]), lambda r: json_keys(r))))), ','), "
            ~ "json_array_length(content) from " ~ fixed_text
        ).rows[0] -%}
        {%- if not row[0] -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ path ~ ": expected a JSON array of objects.") }}
        {%- elif row[2] == 0 -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set found = row[1].split(',') -%}
    {%- endif -%}
    {%- do check_raw_columns(path, kind, found) -%}
{% endmacro %}
