{% macro duckdb__raw_file_select(files, kind) %}
    {#- The select behind one raw view: every column as text, plus the file name and the row number in that file. -#}
    {%- set file_list = [] -%}
    {%- for path in files -%}{%- do file_list.append(dbt.string_literal(path)) -%}{%- endfor -%}
    {%- if files | length == 0 -%}
        select
            cast(null as varchar) as source_file,
            cast(null as bigint) as source_row,
            {%- for column in kind.columns %}
            cast(null as varchar) as "{{ column }}"{{ "," if not loop.last }}
            {%- endfor %}
        where false
    {%- elif kind.format == 'csv' -%}
        {#- One read per file, whose ordinality is the row number in the file: numbering the rows of one read of
            all files takes a window that buffers every row (twice as slow on 33M rows, spilling gigabytes).
            Each file is read with the dialect and columns sniffed when it was checked (raw.csv_read_options),
            every column as text. parallel=false: the parallel reader cannot pad short rows (a stray tab line)
            when quoted fields hold newlines; the files are still read in parallel. -#}
        {%- set read_options = {} -%}
        {%- for row in run_query("select source_file, read_options from raw.csv_read_options").rows -%}
            {%- do read_options.update({row[0]: row[1]}) -%}
        {%- endfor -%}
        {%- for path in files %}
        select
            {{ dbt.string_literal(path.split('/')[-1]) }} as source_file,
            cast(ordinality as bigint) as source_row,
            {%- for column in kind.columns %}
            "{{ column }}"{{ "," if not loop.last }}
            {%- endfor %}
        from read_csv({{ dbt.string_literal(path) }}, {{ read_options[path.split('/')[-1]] }}, parallel = false)
        with ordinality
        {{ "union all" if not loop.last }}
        {%- endfor %}
    {%- else -%}
        with files as (
            select
                filename,
                json_extract({{ duckdb__fixed_json_text('content') }}, '$[*]') as records
            from read_text([{{ file_list | join(', ') }}])
        ),

        records as (
            select
                filename,
                unnest(records) as record,
                unnest(generate_series(1, len(records))) as source_row
            from files
        )

        select
            parse_filename(filename) as source_file,
            cast(source_row as bigint) as source_row,
            {%- for column in kind.columns %}
            record ->> '$.{{ column }}' as "{{ column }}"{{ "," if not loop.last }}
            {%- endfor %}
        from records
    {%- endif -%}
{% endmacro %}
