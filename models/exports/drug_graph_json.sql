-- depends_on: {{ ref('output_folder') if target.type == 'duckdb' else 'the output folder is only made on DuckDB' }}
-- The drug graph as JSON text in node-link form, one node or edge per line, sorted so that the same input
-- gives the same bytes; a post-hook writes it to $OUTPUT_DIR/drug_graph.json.

with

nodes as (

    select
        node_json,
        row_number() over (order by node_id) as line_position,
        count(*) over () as total

    from {{ ref('graph_nodes') }}

),

edges as (

    select
        edge_json,
        row_number() over (
            order by source_node_id, target_node_id, edge_kind, edge_date, source_kind
        ) as line_position,
        count(*) over () as total

    from {{ ref('graph_edges') }}

),

lines as (

    select
        0 as file_part,
        0 as line_position,
        {{ dbt.concat([
            "'{\"directed\":true,\"multigraph\":true,\"graph\":'",
            json_object([('name', "'drug_mentions'"), ('schema_version', "'" ~ var('graph_schema_version') ~ "'")]),
            "',\"nodes\":['",
        ]) }} as line_text

    union all

    select
        1 as file_part,
        line_position,
        {{ dbt.concat(['node_json', "case when line_position < total then ',' else '' end"]) }} as line_text
    from nodes

    union all

    select
        2 as file_part,
        0 as line_position,
        '],"edges":[' as line_text

    union all

    select
        3 as file_part,
        line_position,
        {{ dbt.concat(['edge_json', "case when line_position < total then ',' else '' end"]) }} as line_text
    from edges

    union all

    select
        4 as file_part,
        0 as line_position,
        ']}' as line_text

)

select * from lines
