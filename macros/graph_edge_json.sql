{% macro graph_edge_json() %}
    {#- An edge of the graph as the JSON object the graph file holds (`source`, `target`, `kind`, `date`,
        `source_kind`), from the columns of graph_publication_edges and graph_journal_edges. -#}
    {{ json_object([
        ('source', 'source_node_id'),
        ('target', 'target_node_id'),
        ('kind', 'edge_kind'),
        ('date', 'cast(edge_date as ' ~ dbt.type_string() ~ ')'),
        ('source_kind', 'source_kind'),
    ]) }}
{%- endmacro %}
