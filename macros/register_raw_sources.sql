{% macro register_raw_sources() %}
    {#- Start of run: makes the raw files of var('raw_data_dir') readable as the tables of schema `raw`, when
        the command reads them (raw_files_are_read). -#}
    {%- if not execute or not raw_files_are_read() -%}{{ return('') }}{%- endif -%}
    {{ return(adapter.dispatch('register_raw_sources', 'drug_graph')()) }}
{% endmacro %}

{% macro default__register_raw_sources() %}
    {#- On a warehouse the raw tables are loaded by the platform (bq load, external tables). -#}
    {{ return('') }}
{% endmacro %}

{% macro raw_files_are_read() %}
    {#- Whether this dbt command reads the raw files: a build, run or test whose selection holds a node that
        reads a raw source (or a source's own test), or `dbt source freshness` on a raw source. `dbt compile`, `docs generate`, `ls`, `show`, and a
        selection such as `tag:sales` neither read nor write anything because of the raw folder. -#}
    {%- if flags.WHICH not in ['build', 'run', 'test', 'retry', 'freshness', 'source'] -%}{{ return(false) }}{%- endif -%}
    {%- set raw_sources = [] -%}
    {%- for source in graph.sources.values() if source.schema == 'raw' -%}
        {%- do raw_sources.append(source.unique_id) -%}
    {%- endfor -%}
    {%- for unique_id in selected_resources -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if unique_id in raw_sources -%}{{ return(true) }}{%- endif -%}
        {%- if node is not none -%}
            {%- for parent in node.depends_on.nodes if parent in raw_sources -%}{{ return(true) }}{%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
{% endmacro %}
