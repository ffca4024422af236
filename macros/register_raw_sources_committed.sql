{% macro register_raw_sources_committed() %}
    {#- `dbt run-operation register_raw_sources_committed`: the on-run-start hook's work (register_raw_sources),
        committed (run-operation does not commit). scripts/portability/postgres_load_raw.py reads the raw files
        through it exactly as a DuckDB build does, to load them into a warehouse. -#}
    {#- the engine's loader itself: register_raw_sources() does nothing under run-operation (raw_files_are_read) -#}
    {%- do adapter.dispatch('register_raw_sources', 'drug_graph')() -%}
    {%- do adapter.commit() -%}
{% endmacro %}
