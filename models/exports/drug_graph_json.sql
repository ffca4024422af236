-- depends_on: {{ ref('output_folder') if target.type == 'duckdb' else 'the output folder is only made on DuckDB' }}
-- The drug graph as JSON text in node-link form, one node or edge per line; a post-hook writes it to
-- $OUTPUT_DIR/drug_graph.json. Within a part, lines are sorted by their own text: a total order (no two
-- elements have the same JSON), so the same input gives the same bytes, and the only line without a comma
-- is the greatest. No window runs over the millions of lines: the file is one external sort.

with

nodes as {{ not_materialized() }} (

    select node_json as element_json from {{ ref('graph_nodes') }}

),

edges as {{ not_materialized() }} (

    select edge_json as element_json from {{ ref('graph_edges') }}

),

last_node as (

    select max(element_json) as element_json from nodes

),

last_edge as (

    select max(element_json) as element_json from edges

),

lines as (

    select
        0 as file_part,
        {{ dbt.concat([
            "'{\"directed\":true,\"multigraph\":true,\"graph\":'",
            json_object([('name', "'drug_mentions'"), ('schema_version', "'" ~ var('graph_schema_version') ~ "'")]),
            "',\"nodes\":['",
        ]) }} as line_text
    union all
    select
        1 as file_part,
        case
            when nodes.element_json = last_node.element_json then nodes.element_json
            else {{ dbt.concat(['nodes.element_json', "','"]) }}
        end as line_text
    from nodes
    cross join last_node
    union all
    select
        2 as file_part,
        '],"edges":[' as line_text
    union all
    select
        3 as file_part,
        case
            when edges.element_json = last_edge.element_json then edges.element_json
            else {{ dbt.concat(['edges.element_json', "','"]) }}
        end as line_text
    from edges
    cross join last_edge
    union all
    select
        4 as file_part,
        ']}' as line_text
)

select * from lines
