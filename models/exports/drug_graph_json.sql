-- depends_on: {{ ref('output_folder') }}
-- The drug graph as JSON text in node-link form, one node or edge per line, sorted so that the same input
-- gives the same bytes; a post-hook writes it to $OUTPUT_DIR/drug_graph.json.

with

nodes as (

    select
        node_json,
        row_number() over (order by node_id) as position,
        count(*) over () as total

    from {{ ref('graph_nodes') }}

),

edges as (

    select
        edge_json,
        row_number() over (
            order by source_node_id, target_node_id, edge_kind, edge_date, source_kind
        ) as position,
        count(*) over () as total

    from {{ ref('graph_edges') }}

),

lines as (

    select
        0 as section,
        0 as position,
        {{ dbt.concat([
            "'{\"directed\":true,\"multigraph\":true,\"graph\":'",
            json_object([('name', "'drug_mentions'"), ('schema_version', "'" ~ var('graph_schema_version') ~ "'")]),
            "',\"nodes\":['",
        ]) }} as line

    union all

    select
        1 as section,
        position,
        {{ dbt.concat(['node_json', "case when position < total then ',' else '' end"]) }} as line
    from nodes

    union all

    select
        2 as section,
        0 as position,
        '],"edges":[' as line

    union all

    select
        3 as section,
        position,
        {{ dbt.concat(['edge_json', "case when position < total then ',' else '' end"]) }} as line
    from edges

    union all

    select
        4 as section,
        0 as position,
        ']}' as line

)

select * from lines
