-- The drug graph as JSON text in node-link form, one node or edge per line: the lines of
-- $OUTPUT_DIR/drug_graph.json, which graph_export_files writes on DuckDB. Lines are sorted by file part, then
-- by export part (the bucket of the raw file of the publication behind the element, 0 for drugs and journals,
-- see graph_export_parts: an incremental run rewrites only the parts it changed), then by their own text: a
-- total order (no two elements have the same JSON), so the same input gives the same bytes. Every element line
-- ends with a comma but the last of its part of the file. No window runs over the millions of lines.

with

-- The import CTEs are read once per part of the query that reads `elements` (three times): buffered, the graph's
-- 1.2 GB of JSON would be copied first (docs/performance.md, "CTEs read several times").
nodes as {{ not_materialized() }} (

    select * from {{ ref('graph_nodes') }}

),

edges as {{ not_materialized() }} (

    select * from {{ ref('graph_edges') }}

),

export_parts as {{ not_materialized() }} (

    select * from {{ ref('graph_export_parts') }}

),

elements as {{ not_materialized() }} (

    -- The nodes (file part 1) and the edges (file part 3).
    select
        1 as file_part,
        nodes.node_json as element_json,
        coalesce(export_parts.export_part, 0) as export_part

    from nodes
    left join export_parts
        on nodes.publication_file = export_parts.publication_file
    union all
    select
        3 as file_part,
        edges.edge_json as element_json,
        coalesce(export_parts.export_part, 0) as export_part

    from edges
    left join export_parts
        on edges.publication_file = export_parts.publication_file

),

last_parts as (

    select
        file_part,
        max(export_part) as export_part

    from elements
    group by file_part

),

last_elements as (

    -- The element whose line has no comma: the last of its file part.
    select
        elements.file_part,
        elements.export_part,
        max(elements.element_json) as element_json

    from elements
    inner join last_parts
        on
            elements.file_part = last_parts.file_part
            and elements.export_part = last_parts.export_part
    group by elements.file_part, elements.export_part

),

lines as (

    select
        0 as file_part,
        0 as export_part,
        {{ dbt.concat([
            "'{\"directed\":true,\"multigraph\":true,\"graph\":'",
            json_object([('name', "'drug_mentions'"), ('schema_version', "'" ~ var('graph_schema_version') ~ "'")]),
            "',\"nodes\":['",
        ]) }} as line_text
    union all
    select
        elements.file_part,
        elements.export_part,
        case
            when last_elements.element_json is not null then elements.element_json
            else {{ dbt.concat(['elements.element_json', "','"]) }}
        end as line_text
    from elements
    left join last_elements
        on
            elements.file_part = last_elements.file_part
            and elements.export_part = last_elements.export_part
            and elements.element_json = last_elements.element_json
    union all
    select
        2 as file_part,
        0 as export_part,
        '],"edges":[' as line_text
    union all
    select
        4 as file_part,
        0 as export_part,
        ']}' as line_text
)

select * from lines
