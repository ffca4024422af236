{% macro changed_publication_rows(resolved_rows, columns='source_file, source_row, source_kind, published_on') %}
    {#- The changed publication rows of the model being built (docs/architecture.md, "The incremental
        contract"): the rows of `resolved_rows` (int_publication_rows_resolved) decided after the model's
        latest `decided_at` (every row on a full build), as a relation to select from, with `columns`. A
        publication that changed has its own row among them: the models built per publication and their
        pre-hooks find the rows a run writes again with it. -#}
    {{ return(adapter.dispatch('changed_publication_rows', 'drug_graph')(resolved_rows, columns)) }}
{%- endmacro %}

{% macro default__changed_publication_rows(resolved_rows, columns) %}
    (
        select {{ columns }}
        from {{ resolved_rows }}
        where {{ newer_than_model(this, 'decided_at') }}
    )
{%- endmacro %}

{% macro duckdb__changed_publication_rows(resolved_rows, columns) %}
    {#- The rows of int_publication_rows_changed, a table made once per run for every reader (DuckDB estimates a
        range filter on `decided_at` to keep a fifth of the 37M rows, and built its joins on the wrong side;
        docs/performance.md, "The decided rows as a table"). The subquery on a full build, and when the table is
        not up to date with `resolved_rows`: a command that built int_publication_rows_resolved and not it. -#}
    {%- set query = default__changed_publication_rows(resolved_rows, columns) -%}
    {%- set changed_rows = ref('int_publication_rows_changed') -%}
    {%- if not (is_incremental() and execute) -%}{{ return(query) }}{%- endif -%}
    {%- set latest = model_latest_time(this, 'decided_at') -%}
    {%- set since = "decided_at > " ~ latest if latest else "true" -%}
    {%- set measure = "select count(*), cast(max(decided_at) as " ~ dbt.type_string() ~ ") from " -%}
    {%- set expected = run_query(measure ~ resolved_rows ~ " where " ~ since).rows[0] -%}
    {%- set found = run_query(measure ~ changed_rows ~ " where " ~ since).rows[0] -%}
    {%- if expected[0] != found[0] or expected[1] != found[1] -%}
        {{ log(this.identifier ~ ": " ~ changed_rows.identifier ~ " is older than " ~ resolved_rows.identifier
            ~ " (a command built one and not the other): reading the changed rows from " ~ resolved_rows.identifier
            ~ ".", info=true) }}
        {{ return(query) }}
    {%- endif -%}
    {{ return("(select " ~ columns ~ " from " ~ changed_rows ~ " where " ~ since ~ ")") }}
{%- endmacro %}

{% macro decided_after_its_readers() %}
    {#- In int_publication_rows_changed: the filter keeping the rows decided after the latest `decided_at` of the
        least up-to-date of its readers (the incremental models that depend on it and already have a table);
        `true` when one of them has no row, `false` when none has a table or on a full refresh (none reads it). -#}
    {%- if not (execute and flags.INTROSPECT) or flags.FULL_REFRESH -%}{{ return('false') }}{%- endif -%}
    {%- set latest_times = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.materialized == 'incremental'
        and model.unique_id in node.depends_on.nodes -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is not none -%}
            {%- do latest_times.append("select max(decided_at) as latest from " ~ relation) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not latest_times -%}{{ return('false') }}{%- endif -%}
    {%- set earliest = run_query(
        "select count(*) - count(latest), cast(min(latest) as " ~ dbt.type_string() ~ ") from ("
        ~ latest_times | join(" union all ") ~ ")"
    ).rows[0] -%}
    {{ return("true" if earliest[0] > 0 else "decided_at > " ~ time_literal(earliest[1])) }}
{%- endmacro %}

{% macro depends_on_changed_publication_rows() %}
    {#- Called first by the macros that read the changed publication rows only on incremental runs (pre-hooks and
        filters): while dbt parses the project, it records that their model depends on the table holding them
        on DuckDB (int_publication_rows_changed), so that dbt builds that table before. -#}
    {{ return(adapter.dispatch('depends_on_changed_publication_rows', 'drug_graph')()) }}
{%- endmacro %}

{% macro default__depends_on_changed_publication_rows() %}{{ return('') }}{% endmacro %}

{% macro duckdb__depends_on_changed_publication_rows() %}
    {%- do ref('int_publication_rows_changed') -%}
    {{ return('') }}
{%- endmacro %}
