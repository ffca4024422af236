{% macro duckdb__raw_file_select(plans, kind) %}
    {#- The select behind a raw view: the kind's columns as text, the file name, the row number in the file, and
        `load_issue` (why the loader could not read the row as written: invalid_utf8, too_many_fields,
        non_scalar_value, duplicate_key). `plans` are the read plans (duckdb__raw_file_plans) of the files.
        A CSV file is read as RFC 4180 with the delimiter and column positions its header gave; its columns are
        named by position (c0, c1 ...), so header names never reach SQL. Named part "grouped reads of small
        files" (docs/performance.md): files under var('raw_file_group_max_bytes') are read by one multi-file
        read per layout instead of one read each. -#}
    {%- set selects = [] -%}
    {%- set group_max_bytes = var('raw_file_group_max_bytes', 1048576) | int -%}
    {%- set groups = {} -%}
    {%- for plan in plans if plan.read_format == 'csv' -%}
        {#- a file read from a copy or a link is read alone: its name is not the one read -#}
        {%- if plan.size_bytes >= group_max_bytes or not plan.read_path.endswith('/' ~ plan.source_file) -%}
            {%- do selects.append(duckdb__raw_csv_select([plan], kind)) -%}
        {%- else -%}
            {%- set layout = plan.delimiter ~ '|' ~ plan.column_count ~ '|' ~ plan.positions | join(',') -%}
            {%- do groups.setdefault(layout, []).append(plan) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for layout in groups | sort -%}
        {%- do selects.append(duckdb__raw_csv_select(groups[layout], kind)) -%}
    {%- endfor -%}
    {%- set json_plans = plans | selectattr('read_format', 'equalto', 'ndjson') | list -%}
    {%- if json_plans -%}
        {%- do selects.append(duckdb__raw_ndjson_select(json_plans, kind)) -%}
    {%- endif -%}
    {%- if not selects -%}
        {%- set empty -%}
        select
            cast(null as varchar) as source_file,
            cast(null as bigint) as source_row,
            {%- for column in kind.columns %}
            cast(null as varchar) as "{{ column }}",
            {%- endfor %}
            cast(null as varchar) as load_issue
        where false
        {%- endset -%}
        {%- do selects.append(empty) -%}
    {%- endif -%}
    {{ return(selects | join('\nunion all\n')) }}
{% endmacro %}

{% macro duckdb__raw_csv_select(plans, kind) %}
    {#- One read of CSV files of the same layout. Alone, a file's row number is the read's ordinality. Read
        together (parallel = false), files come one after the other and each file's rows in order, so a row's
        number is its ordinality less the first one of its file; the reconciliation test checks every file's
        rows run from 1 to its count. Eight more columns than the header's catch rows with too many fields. -#}
    {%- set first = plans[0] -%}
    {%- set width = first.column_count + 8 -%}
    {%- set columns = [] -%}
    {%- for index in range(width) -%}{%- do columns.append("'c" ~ index ~ "': 'VARCHAR'") -%}{%- endfor -%}
    {%- set paths = [] -%}
    {%- for plan in plans -%}{%- do paths.append(duckdb_file_path(plan.read_path)) -%}{%- endfor -%}
    {%- set all_fields -%}
        concat_ws('', {% for index in range(width) %}c{{ index }}{{ ", " if not loop.last }}{% endfor %})
    {%- endset %}
    select
        {% if plans | length == 1 -%}
        {{ sql_string(first.source_file) }} as source_file,
        cast(ordinality as bigint) as source_row,
        {%- else -%}
        parse_filename(filename) as source_file,
        cast(ordinality - min(ordinality) over (partition by filename) + 1 as bigint) as source_row,
        {%- endif %}
        {%- for column in kind.columns %}
        c{{ first.positions[loop.index0] }} as "{{ column }}",
        {%- endfor %}
        case
            {%- if first.is_repaired %}
            when contains({{ all_fields }}, chr(65533)) then 'invalid_utf8'
            {%- endif %}
            when c{{ first.column_count }} is not null then 'too_many_fields'
        end as load_issue
    from read_csv(
        [{{ paths | join(', ') }}],
        columns = { {{- columns | join(', ') -}} },
        delim = {{ sql_string(first.delimiter) }}, quote = '"', escape = '"', header = true, auto_detect = false,
        null_padding = true, parallel = false, filename = true,
        max_line_size = {{ var('max_csv_line_bytes', 16777216) | int }}
    ) with ordinality
{%- endmacro %}

{% macro duckdb__raw_ndjson_select(plans, kind) %}
    {#- The rows of JSON files, from the loader's newline-delimited copies (drug_graph_loader.json_records). -#}
    {%- set paths = [] -%}
    {%- for plan in plans -%}{%- do paths.append(duckdb_file_path(plan.read_path)) -%}{%- endfor %}
    select
        source_file,
        source_row,
        {%- for column in kind.columns %}
        "{{ column }}",
        {%- endfor %}
        load_issue
    from read_json(
        [{{ paths | join(', ') }}],
        format = 'newline_delimited',
        columns = {
            'source_file': 'VARCHAR', 'source_row': 'BIGINT',
            {%- for column in kind.columns %} '{{ column }}': 'VARCHAR',{% endfor %} 'load_issue': 'VARCHAR'
        },
        maximum_object_size = {{ var('max_csv_line_bytes', 16777216) | int }}
    )
{%- endmacro %}
