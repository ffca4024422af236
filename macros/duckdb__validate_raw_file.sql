{% macro duckdb__sniff_csv_files(files) %}
    {#- Sniffs new CSV files, all in one query (`files`: a list of {path, kind, size}). Stops the run naming an
        empty file. Returns, per path, the header's column names and the options that read the file again as
        sniffed without sniffing it: the sniffer's prompt is the read_csv call it would make. -#}
    {%- set selects = [] -%}
    {%- for file in files -%}
        {%- if file.size == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Raw file " ~ file.path ~ ": the file is empty, expected a header line with "
                ~ file.kind.columns | join(', ') ~ "."
            ) }}
        {%- endif -%}
        {%- do selects.append(
            "select " ~ dbt.string_literal(file.path) ~ " as file_path,"
            ~ " to_json(list_transform(Columns, lambda c: c.name)) as column_names,"
            ~ " regexp_extract(Prompt, ', (auto_detect=false, .*)\\);$', 1) as read_options"
            ~ " from sniff_csv(" ~ dbt.string_literal(file.path) ~ ", all_varchar = true, null_padding = true)"
        ) -%}
    {%- endfor -%}
    {%- set sniffed = {} -%}
    {%- if selects -%}
        {%- for row in run_query(selects | join(" union all ")).rows -%}
            {%- do sniffed.update({row[0]: {"columns": fromjson(row[1]), "read_options": row[2]}}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(sniffed) }}
{% endmacro %}

{% macro duckdb__inspect_json_files(files) %}
    {#- Reads new JSON files, all in one query (`files`: a list of {path, kind, size}), allowing trailing commas.
        Returns, per path: whether the text is valid JSON, whether it is an array of objects, the objects' keys
        and their number (one query per file took 2 s of a full build's start on 64 files; 1 s now). -#}
    {%- set inspected = {} -%}
    {%- if files -%}
        {%- set paths = [] -%}
        {%- for file in files -%}
            {%- do paths.append(dbt.string_literal(file.path)) -%}
        {%- endfor -%}
        {%- set rows = run_query(
            "with texts as (select filename, " ~ duckdb__fixed_json_text('content') ~ " as content"
            ~ " from read_text([" ~ paths | join(', ') ~ "])),"
            ~ " checked as (select filename, content, coalesce(json_valid(content), false) as is_valid from texts)"
            ~ " select filename, is_valid,"
            ~ " case when is_valid then json_type(content) = 'ARRAY'"
            ~ " and len(list_filter(json_type(content, '$[*]'), lambda t: t <> 'OBJECT')) = 0 end,"
            ~ " case when is_valid then"
            ~ " array_to_string(list_sort(list_distinct(flatten(json_keys(content, '$[*]')))), ',') end,"
            ~ " case when is_valid then json_array_length(content) end"
            ~ " from checked"
        ).rows -%}
        {%- for row in rows -%}
            {%- do inspected.update({row[0]: {
                "is_valid": row[1], "is_array_of_objects": row[2], "keys": row[3], "length": row[4]
            }}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(inspected) }}
{% endmacro %}

{% macro duckdb__validate_raw_file(path, kind, found) %}
    {#- Stops the run with an error naming the file when it cannot be read or lacks a required column, from what
        duckdb__sniff_csv_files (CSV) or duckdb__inspect_json_files (JSON) found in it. Returns the options that
        read a CSV file; none for a JSON file. -#}
    {%- if kind.format == 'csv' -%}
        {%- set columns = found.columns -%}
        {%- set read_options = found.read_options -%}
        {%- if not read_options -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ path ~ ": DuckDB's CSV sniffer gave no read options.") }}
        {%- endif -%}
    {%- else -%}
        {%- set read_options = none -%}
        {%- if not found.is_valid -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ path ~ ": not valid JSON, even allowing trailing commas.") }}
        {%- elif not found.is_array_of_objects -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ path ~ ": expected a JSON array of objects.") }}
        {%- elif found.length == 0 -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set columns = found['keys'].split(',') -%}
    {%- endif -%}
    {%- do check_raw_columns(path, kind, columns) -%}
    {{ return(read_options) }}
{% endmacro %}
