{% macro read_graph_file(element) %}
    {#- A select over the nodes (`id`, `kind`, `name`) or the edges (`source`, `target`, `kind`, `date`,
        `source_kind`) of the exported graph file, one row per element. -#}
    {{ return(adapter.dispatch('read_graph_file', 'drug_graph')(element)) }}
{%- endmacro %}

{% macro default__read_graph_file(element) %}
    {#- Warehouses do not read local files: the graph is the export relations themselves. -#}
    {%- if element == 'nodes' -%}
        select
            node_id as id,
            node_kind as kind,
            json_value(node_json, '$.name') as name
        from {{ ref('graph_nodes') }}
    {%- else -%}
        select
            source_node_id as source,
            target_node_id as target,
            edge_kind as kind,
            edge_date as date,
            source_kind
        from {{ ref('graph_edges') }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__read_graph_file(element) %}
    {#- Streams the file line by line (the writer puts one node or edge per line), so that a graph of any
        size is read in bounded memory; each line is parsed as JSON. -#}
    {%- set fields = ['id', 'kind', 'name'] if element == 'nodes' else ['source', 'target', 'kind', 'date', 'source_kind'] -%}
    select
        {%- for field in fields %}
        rtrim(line, ',') ->> '$.{{ field }}' as {{ field }}{{ "," if not loop.last }}
        {%- endfor %}
    from read_csv(
        {{ sql_string(output_dir() ~ '/drug_graph.json') }},
        columns = {'line': 'varchar'}, header = false, delim = '\t', quote = '', escape = '', auto_detect = false
    )
    where starts_with(line, '{{ '{"id":' if element == 'nodes' else '{"source":' }}')
{%- endmacro %}

{% macro postgres__read_graph_file(element) %}
    {%- if element == 'nodes' -%}
        select node_id as id, node_kind as kind, cast(node_json as json) ->> 'name' as name
        from {{ ref('graph_nodes') }}
    {%- else -%}
        {{ default__read_graph_file(element) }}
    {%- endif -%}
{%- endmacro %}

{% macro snowflake__read_graph_file(element) %}
    {%- if element == 'nodes' -%}
        select node_id as id, node_kind as kind, json_extract_path_text(node_json, 'name') as name
        from {{ ref('graph_nodes') }}
    {%- else -%}
        {{ default__read_graph_file(element) }}
    {%- endif -%}
{%- endmacro %}

{% macro redshift__read_graph_file(element) %}
    {{ snowflake__read_graph_file(element) }}
{%- endmacro %}

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
