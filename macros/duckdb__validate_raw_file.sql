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

{% macro duckdb__validate_raw_file(path, kind, sniffed=none) %}
    {#- Stops the run with an error naming the file when it cannot be read or lacks a required column. A CSV
        file comes sniffed (duckdb__sniff_csv_files): returns the options that read it. Returns none for a
        JSON file. -#}
    {%- set path_literal = dbt.string_literal(path) -%}
    {%- if kind.format == 'csv' -%}
        {%- set found = sniffed.columns -%}
        {%- set read_options = sniffed.read_options -%}
        {%- if not read_options -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ path ~ ": DuckDB's CSV sniffer gave no read options.") }}
        {%- endif -%}
    {%- else -%}
        {%- set read_options = none -%}
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
    {{ return(read_options) }}
{% endmacro %}
