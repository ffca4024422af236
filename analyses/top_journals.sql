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

journal_drugs as (

    select
        target as journal_id,
        source as drug_id

    from graph_edges
    where kind = 'mentioned_by'

),

journals as (

    select
        id as journal_id,
        name as journal_name

    from graph_nodes

)

{{ top_journals_of('journal_drugs', 'journals') }}
