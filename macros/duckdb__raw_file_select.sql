{% macro duckdb__raw_file_select(plans, kind) %}
    {#- The select of the rows of some files of a kind (`plans`: read plans, from duckdb__raw_file_plans), as the
        raw views read them: written by the loader (drug_graph_loader.raw_views.raw_file_select), which quotes
        every name and path as data. Named part "grouped reads of small files" (docs/performance.md). -#}
    {%- set request = {'values': duckdb__read_options({}), 'kind': kind, 'plans': plans} -%}
    {{ return(run_query("select drug_graph_loader_step('raw_select', " ~ sql_string(tojson(request))
        ~ ") :: json ->> '$.sql'").columns[0].values()[0]) }}
{% endmacro %}

{% macro duckdb__raw_file_plans(kind, not_loaded_in) %}
    {#- The read plans of a kind's registered files that the relation `not_loaded_in` (an incremental staging
        model) has not loaded yet, as a list of dicts (one JSON value: many files are one cell, not many rows). -#}
    {{ return(fromjson(run_query("select to_json(list(plans order by plans.source_file)) from raw.file_plans as plans"
        ~ " where plans.file_kind = " ~ sql_string(kind) ~ " and plans.source_file not in (select distinct"
        ~ " source_file from " ~ not_loaded_in ~ ")").columns[0].values()[0] or '[]')) }}
{% endmacro %}
