{% macro spark__register_raw_sources() %}
    {#- The raw files of raw_data_dir() as the views of schema `raw`, with the same columns and row numbers as on
        DuckDB. Each file is its own table (`raw.<table>__<n>`: CSV read with `escape '"'` and `multiLine`, JSON read
        whole as text), and the view unions them by column name. One statement per run_query call. -#}
        {%- set raw_dir = raw_data_dir() -%}
    {%- set listing = run_query("select path, length from binaryFile.`" ~ raw_dir ~ "` order by path") -%}
    {%- if listing.rows | length == 0 -%}
        {{ exceptions.raise_compiler_error("Raw data folder '" ~ raw_dir ~ "' is missing or empty (set RAW_DATA_DIR).") }}
    {%- endif -%}
    {%- do run_query("create schema if not exists raw") -%}
    {%- set paths = {} -%}
    {%- for kind in raw_file_kinds() -%}
        {%- set pattern = '^' ~ (kind.pattern | replace('.', '[.]') | replace('*', '.*')) ~ '$' -%}
        {%- do paths.update({kind.table: []}) -%}
        {%- for row in listing.rows if modules.re.match(pattern, row[0].split('/')[-1]) -%}
            {%- do paths[kind.table].append(row[0]) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do spark__register_raw_file_listing(paths) -%}
    {%- do check_loaded_raw_files() -%}
    {%- for kind in raw_file_kinds() -%}
        {%- set pattern = '^' ~ (kind.pattern | replace('.', '[.]') | replace('*', '.*')) ~ '$' -%}
        {%- set files = [] -%}
        {%- for row in listing.rows -%}
            {%- set name = row[0].split('/')[-1] -%}
            {%- if modules.re.match(pattern, name) -%}
                {%- do files.append({"path": row[0], "name": name, "size": row[1]}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if files | length == 0 and kind.required -%}
            {{ exceptions.raise_compiler_error(
                "No " ~ kind.pattern ~ " file in raw data folder '" ~ raw_dir ~ "': the drugs list is required."
            ) }}
        {%- endif -%}
        {%- for stale in run_query("show tables in raw like '" ~ kind.table ~ "__*'").rows -%}
            {%- do run_query("drop table if exists raw." ~ stale[1]) -%}
        {%- endfor -%}
        {%- set selects = [] -%}
        {%- for file in files -%}
            {%- set file_table = "raw." ~ kind.table ~ "__" ~ loop.index -%}
            {%- do selects.append(spark__raw_file_select(file, file_table, kind)) -%}
        {%- endfor -%}
        {%- if files | length == 0 -%}
            {%- set empty_select -%}
                select
                    cast(null as string) as source_file,
                    cast(null as bigint) as source_row,
                    {%- for column in kind.columns %}
                    cast(null as string) as `{{ column }}`,
                    {%- endfor %}
                    cast(null as string) as load_issue
                where false
            {%- endset -%}
            {%- do selects.append(empty_select) -%}
        {%- endif -%}
        {%- do run_query("create or replace view raw." ~ kind.table ~ " as " ~ selects | join("\nunion all\n")) -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
{% macro spark__register_raw_file_listing(files) %}
    {#- binaryFile reads only the file metadata when the content is not selected. -#}
    {%- set rows = [] -%}
    {%- for kind_table, paths in files.items() -%}
        {%- for path in paths -%}
            {%- do rows.append("(" ~ sql_string(kind_table) ~ ", " ~ sql_string(path) ~ ")") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do run_query("drop table if exists raw.files") -%}
    {%- do run_query(
        "create table raw.files as select listed.file_kind, substring_index(listed.file_path, '/', -1) as source_file,"
        ~ " listed.file_path, found.length as size_bytes, found.modificationTime as modified_at"
        ~ " from (values " ~ rows | join(', ') ~ ") as listed(file_kind, file_path)"
        ~ " inner join binaryFile.`" ~ raw_data_dir() | replace("`", "``") ~ "` as found on found.path = listed.file_path"
    ) -%}
{% endmacro %}
