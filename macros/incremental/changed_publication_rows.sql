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
    {#- A temporary table, on the model's connection, made once per model and latest time. DuckDB estimates a
        range filter to keep a fifth of the rows: 7.4M of the 37M merged rows where a run decides a few hundred
        thousand, so it built its hash joins on the other side, the 2.2M matched mentions or the 6M graph
        edges. A temporary table has its exact row count (docs/performance.md, "The decided rows as a
        temporary table"). On a full build, and when a command only renders the model (compile, show, docs), the
        subquery: nothing is written while compiling. -#}
    {%- set query = default__changed_publication_rows(resolved_rows, columns) -%}
    {%- if not (is_incremental() and execute and flags.WHICH in ['run', 'build', 'retry']) -%}
        {{ return(query) }}
    {%- endif -%}
    {%- set name = adapter.quote(this.identifier ~ '__changed_rows_' ~ local_md5(query)[:12]) -%}
    {%- do run_query('create temporary table if not exists ' ~ name ~ ' as ' ~ query) -%}
    {{ return(name) }}
{%- endmacro %}
