{% macro register_raw_sources() %}
    {#- Makes the raw files of var('raw_data_dir') readable as the tables of schema `raw`. -#}
    {{ return(adapter.dispatch('register_raw_sources', 'drug_graph')()) }}
{% endmacro %}

{% macro default__register_raw_sources() %}
    {#- On a warehouse the raw tables are loaded by the platform (bq load, external tables). -#}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__register_raw_sources() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set raw_dir = raw_data_dir() -%}
    {%- set dir_check = run_query("select count(*) from glob(" ~ dbt.string_literal(raw_dir ~ '/*') ~ ")") -%}
    {%- if dir_check.columns[0].values()[0] == 0 -%}
        {{ exceptions.raise_compiler_error("Raw data folder '" ~ raw_dir ~ "' is missing or empty (set RAW_DATA_DIR).") }}
    {%- endif -%}
    {%- do run_query("create schema if not exists raw") -%}
    {%- set files = {} -%}
    {%- for kind in raw_file_kinds() -%}
        {%- set listing = run_query(
            "select file from glob(" ~ dbt.string_literal(raw_dir ~ '/' ~ kind.pattern) ~ ") order by file"
        ) -%}
        {%- do files.update({kind.table: listing.columns[0].values() | list}) -%}
        {%- if files[kind.table] | length == 0 and kind.required -%}
            {{ exceptions.raise_compiler_error(
                "No " ~ kind.pattern ~ " file in raw data folder '" ~ raw_dir ~ "': the drugs list is required."
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- do register_raw_file_listing(files) -%}
    {#- Files an earlier run loaded were checked then; a change to them stops the run here. -#}
    {%- set loaded = check_loaded_raw_files() -%}
    {%- do duckdb__check_new_raw_files(files, loaded) -%}
    {%- for kind in raw_file_kinds() -%}
        {%- do run_query(
            "create or replace view raw." ~ kind.table ~ " as " ~ duckdb__raw_file_select(files[kind.table], kind)
        ) -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__check_new_raw_files(files, loaded) %}
    {#- Checks the files no earlier run loaded (duckdb__validate_raw_file) and keeps, in raw.csv_read_options,
        the options that read each CSV file. The new CSV files are sniffed in one query, the new JSON files read
        in another. A CSV file is sniffed once, when it is checked; the raw views then read it with the options
        kept: sniffing every file again to create the views took 6 s per run on 200 files. A loaded file without
        kept options (a warehouse of an earlier version) is checked again. `files` maps each kind's table to its
        file paths; `loaded` lists the loaded file names. -#}
    {%- do run_query("create table if not exists raw.csv_read_options (source_file varchar, read_options varchar)") -%}
    {%- set kept = {} -%}
    {%- for row in run_query("select source_file, read_options from raw.csv_read_options").rows -%}
        {%- do kept.update({row[0]: row[1]}) -%}
    {%- endfor -%}
    {%- set sizes = {} -%}
    {%- for row in run_query("select file_path, size_bytes from raw.files").rows -%}
        {%- do sizes.update({row[0]: row[1]}) -%}
    {%- endfor -%}
    {%- set to_check = [] -%}
    {%- for kind in raw_file_kinds() -%}
        {%- for path in files[kind.table] -%}
            {%- set name = path.split('/')[-1] -%}
            {%- if not (name in loaded and (kind.format != 'csv' or name in kept)) -%}
                {%- do to_check.append({"path": path, "kind": kind, "size": sizes[path]}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set found = duckdb__sniff_csv_files(to_check | selectattr('kind.format', 'equalto', 'csv') | list) -%}
    {%- do found.update(duckdb__inspect_json_files(to_check | selectattr('kind.format', 'equalto', 'json') | list)) -%}
    {%- for file in to_check -%}
        {%- do kept.update({file.path.split('/')[-1]: duckdb__validate_raw_file(file.path, file.kind, found[file.path])}) -%}
    {%- endfor -%}
    {%- set read_options = [] -%}
    {%- for kind in raw_file_kinds() if kind.format == 'csv' -%}
        {%- for path in files[kind.table] -%}
            {%- set name = path.split('/')[-1] -%}
            {%- do read_options.append("(" ~ dbt.string_literal(name) ~ ", '" ~ dbt.escape_single_quotes(kept[name]) ~ "')") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do run_query(
        "create or replace table raw.csv_read_options as select * from (values " ~ read_options | join(", ")
        ~ ") as read_options(source_file, read_options)"
    ) -%}
{% endmacro %}
