-- The journal(s) mentioning the most distinct drugs, read from the exported graph ($OUTPUT_DIR/drug_graph.json):
-- every journal tied at the highest number, with that number.
--   dbt show --select top_journals --output json --quiet --limit -1
{#- Its parents: on DuckDB, the export models that write the file; elsewhere, the graph tables it reads. #}
{%- if target.type == 'duckdb' %}
-- depends_on: {{ ref('graph_export_files') }}, {{ ref('drug_graph_json') }}
{%- endif %}

with

graph_nodes as (

    {{ read_graph_file('nodes') }}

),

graph_edges as (

    {{ read_graph_file('edges') }}

),

drugs_per_journal as (

    select
        target as journal_node_id,
        count(distinct source) as distinct_drugs

    from graph_edges
    where kind = 'mentioned_by'
    group by target

),

ranked as (

    select
        *,
        rank() over (order by distinct_drugs desc) as journal_rank

    from drugs_per_journal

),

top_journals as (

    select
        graph_nodes.name as journal,
        ranked.distinct_drugs

    from ranked
    inner join graph_nodes
        on ranked.journal_node_id = graph_nodes.id
    where ranked.journal_rank = 1

)

select * from top_journals
order by journal
