-- The drug graph as JSON text in node-link form, one node or edge per line: the lines of
-- $OUTPUT_DIR/drug_graph.json, which graph_export_files writes on DuckDB. Lines are sorted by file part, then
-- by export part (the raw file of the publication behind the element, '' for drugs and journals: an
-- incremental run rewrites only the parts it changed), then by their own text: a total order (no two elements
-- have the same JSON), so the same input gives the same bytes. Every element line ends with a comma but the
-- last of its part of the file. No window runs over the millions of lines.

with

nodes as {{ not_materialized() }} (

    select
        node_json as element_json,
        coalesce(publication_file, '') as export_part

    from {{ ref('graph_nodes') }}

),

edges as {{ not_materialized() }} (

    select
        edge_json as element_json,
        coalesce(publication_file, '') as export_part

    from {{ ref('graph_edges') }}

),

last_node_part as (

    select max(export_part) as export_part from nodes

),

last_node as (

    select
        last_node_part.export_part,
        max(nodes.element_json) as element_json

    from nodes
    inner join last_node_part on nodes.export_part = last_node_part.export_part
    group by last_node_part.export_part

),

last_edge_part as (

    select max(export_part) as export_part from edges

),

last_edge as (

    select
        last_edge_part.export_part,
        max(edges.element_json) as element_json

    from edges
    inner join last_edge_part on edges.export_part = last_edge_part.export_part
    group by last_edge_part.export_part

),

lines as (

    select
        0 as file_part,
        '' as export_part,
        {{ dbt.concat([
            "'{\"directed\":true,\"multigraph\":true,\"graph\":'",
            json_object([('name', "'drug_mentions'"), ('schema_version', "'" ~ var('graph_schema_version') ~ "'")]),
            "',\"nodes\":['",
        ]) }} as line_text
    union all
    select
        1 as file_part,
        nodes.export_part,
        case
            when
                nodes.export_part = last_node.export_part
                and nodes.element_json = last_node.element_json
                then nodes.element_json
            else {{ dbt.concat(['nodes.element_json', "','"]) }}
        end as line_text
    from nodes
    cross join last_node
    union all
    select
        2 as file_part,
        '' as export_part,
        '],"edges":[' as line_text
    union all
    select
        3 as file_part,
        edges.export_part,
        case
            when
                edges.export_part = last_edge.export_part
                and edges.element_json = last_edge.element_json
                then edges.element_json
            else {{ dbt.concat(['edges.element_json', "','"]) }}
        end as line_text
    from edges
    cross join last_edge
    union all
    select
        4 as file_part,
        '' as export_part,
        ']}' as line_text
)

select * from lines
