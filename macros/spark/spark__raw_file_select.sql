{% macro spark__raw_file_select(file, file_table, kind) %}
    {#- Creates the table over one raw file, checks it (stops the run with an error naming the file) and returns
        the select of its rows: source_file, source_row (1-based, in file order), then the required columns. -#}
    {%- set path_literal = sql_string(file.path) -%}
    {%- if kind.format == 'csv' and file.size == 0 -%}
        {{ exceptions.raise_compiler_error("Raw file " ~ file.path ~ ": the file is empty, expected a header line with " ~ kind.columns | join(', ') ~ ".") }}
    {%- endif -%}
    {%- if kind.format == 'csv' -%}
        {#- multiLine reads a file as one partition, in order: monotonically_increasing_id() follows the rows. -#}
        {%- do run_query(
            "create table " ~ file_table ~ " using csv options (path " ~ path_literal
            ~ ", header 'true', escape '\"', multiLine 'true', mode 'PERMISSIVE')"
        ) -%}
        {%- set found = run_query("select * from " ~ file_table ~ " limit 0").column_names | list -%}
        {%- set by_name = {} -%}
        {%- for name in found -%}{%- do by_name.update({name | lower | trim: name}) -%}{%- endfor -%}
        {%- do check_raw_columns(file.path, kind, found) -%}
        {%- set select_sql -%}
            select
                {{ sql_string(file.name) }} as source_file,
                cast(row_number() over (order by monotonically_increasing_id()) as bigint) as source_row,
                {%- for column in kind.columns %}
                `{{ by_name[column] }}` as `{{ column }}`,
                {%- endfor %}
                cast(null as string) as load_issue
            from {{ file_table }}
        {%- endset -%}
    {%- else -%}
        {%- do run_query(
            "create table " ~ file_table ~ " using text options (path " ~ path_literal ~ ", wholetext 'true')"
        ) -%}
        {%- set fixed_json -%}
            regexp_replace(regexp_replace(value, '^\uFEFF', ''), ',(\s*[\]}])', '$1')
        {%- endset -%}
        {%- set check_sql -%}
            select
                try_parse_json({{ fixed_json }}) is not null,
                coalesce(schema_of_variant(try_parse_json({{ fixed_json }})) like 'ARRAY%', false)
            from {{ file_table }}
        {%- endset -%}
        {%- set check = run_query(check_sql).rows[0] -%}
        {%- if not check[0] -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ file.path ~ ": not valid JSON, even allowing trailing commas.") }}
        {%- elif not check[1] -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ file.path ~ ": expected a JSON array of objects.") }}
        {%- endif -%}
        {%- set records_sql -%}
            from {{ file_table }} as raw_file,
            lateral variant_explode(parse_json({{ fixed_json | replace('value', 'raw_file.value') }})) as records
        {%- endset -%}
        {%- set keys_sql -%}
            select
                count(*),
                count_if(schema_of_variant(records.value) not like 'OBJECT%'),
                array_join(array_sort(array_distinct(flatten(collect_list(coalesce(
                    json_object_keys(to_json(records.value)), array()
                ))))), ',')
            {{ records_sql }}
        {%- endset -%}
        {%- set keys = run_query(keys_sql).rows[0] -%}
        {%- if keys[1] > 0 -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ file.path ~ ": expected a JSON array of objects.") }}
        {%- endif -%}
        {%- if keys[0] > 0 -%}
            {%- do check_raw_columns(file.path, kind, keys[2].split(",")) -%}
        {%- endif -%}
        {%- set select_sql -%}
            select
                {{ sql_string(file.name) }} as source_file,
                cast(records.pos + 1 as bigint) as source_row,
                {%- for column in kind.columns %}
                variant_get(records.value, '$.{{ column }}', 'string') as `{{ column }}`,
                {%- endfor %}
                cast(null as string) as load_issue
            {{ records_sql }}
        {%- endset -%}
    {%- endif -%}
    {{ return(select_sql) }}
{% endmacro %}
