{% macro spark__read_graph_file(element) %}
    {#- Spark does not read the local graph file here: the nodes or edges come from the export relations. -#}
    {%- if element == 'nodes' -%}
        select node_id as id, node_kind as kind, get_json_object(node_json, '$.name') as name
        from {{ ref('graph_nodes') }}
    {%- else -%}
        select source_node_id as source, target_node_id as target, edge_kind as kind, edge_date as date, source_kind
        from {{ ref('graph_edges') }}
    {%- endif -%}
{%- endmacro %}
