{% macro read_graph_file(element) %}
    {#- A select over the nodes or the edges (`element`) of the exported graph file, one row per element,
        with the element's keys as columns. -#}
    {{ return(adapter.dispatch('read_graph_file', 'drug_graph')(element)) }}
{%- endmacro %}

{% macro default__read_graph_file(element) %}
    {#- Warehouses do not read local files: the graph is the export relation itself. -#}
    {%- if element == 'nodes' -%}
        select node_id as id, node_kind as kind, json_value(node_json, '$.name') as name
        from {{ ref('graph_nodes') }}
    {%- else -%}
        select source_node_id as source, target_node_id as target, edge_kind as kind, edge_date as date, source_kind
        from {{ ref('graph_edges') }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__read_graph_file(element) %}
    select unnest({{ element }}, recursive := true)
    from read_json(
        {{ dbt.string_literal(output_dir() ~ '/drug_graph.json') }},
        maximum_object_size = 4294967295
    )
{%- endmacro %}
