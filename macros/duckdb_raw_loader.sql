{#- The DuckDB side of the raw-file loader: a thin caller of the Python package drug_graph_loader (python/, a
    dbt-duckdb plugin declared in profiles.yml), which lists and inspects the files, decides what changed and
    writes every statement (drug_graph_loader.registration: the state kept in schema `raw`, each step's rules).
    The hook passes what only dbt knows (`values`), runs the statement of each step, logs the step's messages,
    runs its statements and stops the run with its error. docs/loader.md, "The hook and the plugin". -#}

{% macro duckdb__register_raw_sources() %}
    {%- do run_query("create schema if not exists raw") -%}
    {%- set mentions = load_relation(model_relation('fct_drug_mentions')) -%}
    {%- set values = duckdb__read_options({
        'raw_dir': raw_data_dir(), 'kinds': raw_file_kinds(), 'copies_dir': raw_file_copies_dir(),
        'full_refresh': flags.FULL_REFRESH is true, 'run_loaded_at': run_loaded_at() | trim,
        'max_batches': var('raw_view_max_batches', 32) | int,
        'mention_relation': mentions | string if mentions is not none else none,
        'staging_relations': duckdb__publication_staging_relations() | map('string') | list}) -%}
    {%- do duckdb__loader_step('list', values) -%}
    {#- `dbt source freshness` reads the listing only: it registers nothing. -#}
    {%- if flags.WHICH in ['freshness', 'source'] -%}{{ return('') }}{%- endif -%}
    {%- set scratch = duckdb__loader_step('start_from_scratch', values, run_statements=false) -%}
    {#- the incremental models' tables go first: a run killed after them starts from scratch again -#}
    {%- for node in graph.nodes.values() if scratch.hook.drop_incremental_models
        and node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is not none -%}{%- do adapter.drop_relation(relation) -%}{%- endif -%}
    {%- endfor -%}
    {%- do duckdb__run_statements(scratch.statements) -%}
    {%- do duckdb__loader_step('compare', values) -%}
    {%- do duckdb__loader_step('inspect', values) -%}
    {%- set decision = duckdb__loader_step('decide', values) -%}
    {#- the files that changed: their new content is inspected, then registered as new files -#}
    {%- if decision.hook.reload -%}{%- do duckdb__loader_step('inspect_reload', values) -%}{%- endif -%}
    {%- do duckdb__loader_step('register', values) -%}
    {%- do duckdb__loader_step('raw_views', values) -%}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__loader_step(step, values, run_statements=true) %}
    {#- Runs one step of the hook (drug_graph_loader.registration.step_call) and acts on its answer: logs its
        messages, runs its statements (unless `run_statements` is false: the caller runs them), stops the run
        with its error. Returns {statements, hook}. -#}
    {%- set call = fromjson(run_query("select drug_graph_loader_call(" ~ sql_string(step) ~ ", "
        ~ sql_string(tojson(values)) ~ ")").columns[0].values()[0]) -%}
    {%- do run_query(call.sql) -%}
    {%- set answer = fromjson(run_query("select to_json({'error': result -> '$.error', 'log': result -> '$.log',"
        ~ " 'statements': result -> '$.statements', 'hook': result -> '$.hook'}) from " ~ call.table)
        .columns[0].values()[0]) -%}
    {%- for message in answer.log or [] -%}{{ log(message, info=true) }}{%- endfor -%}
    {%- if run_statements -%}{%- do duckdb__run_statements(answer.statements) -%}{%- endif -%}
    {%- if answer.error -%}{{ exceptions.raise_compiler_error(answer.error) }}{%- endif -%}
    {{ return({'statements': answer.statements or [], 'hook': answer.hook or {}}) }}
{% endmacro %}

{% macro duckdb__run_statements(statements) %}
    {%- if statements -%}{%- do run_query(statements | join(";\n")) -%}{%- endif -%}
{% endmacro %}

{% macro duckdb__read_options(values) %}
    {#- `values` with the dbt vars that shape the reads (drug_graph_loader.raw_views.ReadOptions). -#}
    {%- do values.update({'group_max_bytes': var('raw_file_group_max_bytes', 1048576) | int,
        'max_line_bytes': var('max_csv_line_bytes', 16777216) | int}) -%}
    {{ return(values) }}
{% endmacro %}

{% macro raw_file_copies_dir() %}
    {#- Where the loader writes its copies (JSON files as rows, CSV files repaired): beside the warehouse file. -#}
    {%- set path = target.path if target.path and target.path != ':memory:' else 'target/drug_graph.duckdb' -%}
    {{ return(path ~ '.raw_copies') }}
{% endmacro %}
