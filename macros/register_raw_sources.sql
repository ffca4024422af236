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
    {%- for kind in raw_file_kinds() -%}
        {%- for path in files[kind.table] if path.split('/')[-1] not in loaded -%}
            {%- do duckdb__validate_raw_file(path, kind) -%}
        {%- endfor -%}
        {%- do run_query(
            "create or replace view raw." ~ kind.table ~ " as " ~ duckdb__raw_file_select(files[kind.table], kind)
        ) -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
