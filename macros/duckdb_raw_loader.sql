{#- The DuckDB side of the raw-file loader: a thin caller of the Python package drug_graph_loader (python/, a
    dbt-duckdb plugin declared in profiles.yml), which lists and inspects the files, decides what changed and
    writes every statement (drug_graph_loader.registration: the state kept in schema `raw`, each step's rules).
    The hook passes each step its request as JSON gathered from the state tables, keeps the answer in a table of
    schema `raw`, logs its messages, runs its statements and stops the run with its error. docs/loader.md. -#}

{% macro duckdb__register_raw_sources() %}
    {%- do run_query("create schema if not exists raw") -%}
    {%- do duckdb__loader_step('raw.file_listing', "drug_graph_list_raw_files(" ~ sql_string(raw_data_dir()) ~ ", "
        ~ sql_string(tojson(raw_file_kinds())) ~ ")") -%}
    {#- `dbt source freshness` reads the listing only: it registers nothing. -#}
    {%- if flags.WHICH in ['freshness', 'source'] -%}{{ return('') }}{%- endif -%}
    {%- set scratch = duckdb__loader_step('raw.file_scratch', duckdb__step_call('start_from_scratch', {
        'full_refresh': 'true' if flags.FULL_REFRESH else 'false', 'raw_dir': sql_string(raw_data_dir()),
        'listed_dir': "(select result ->> '$.raw_dir' from raw.file_listing)", 'batch_views': duckdb__batch_views(),
        'registered_dirs': "(select coalesce(list(distinct raw_dir order by raw_dir), []) from raw.file_plans)"}),
        run_statements=false) -%}
    {#- the incremental models' tables go first: a run killed after would start from scratch again -#}
    {%- for node in graph.nodes.values() if scratch.hook.drop_incremental_models
        and node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is not none -%}{%- do adapter.drop_relation(relation) -%}{%- endif -%}
    {%- endfor -%}
    {%- do duckdb__run_statements(scratch.statements) -%}
    {%- do duckdb__loader_step('raw.file_changes', duckdb__step_call('compare', {
        'listed': "(select result -> '$.files' from raw.file_listing)",
        'registered': "(select coalesce(list({'file_kind': file_kind, 'source_file': source_file, 'size_bytes':"
            ~ " size_bytes, 'modified_at_us': epoch_us(modified_at), 'checksum': checksum, 'read_path': read_path,"
            ~ " 'batch': batch}), []) from raw.file_plans)"})) -%}
    {%- do duckdb__inspect_raw_files('raw.file_inspection', 'raw.file_changes') -%}
    {%- set mentions = load_relation(model_relation('fct_drug_mentions')) -%}
    {%- set decision = duckdb__loader_step('raw.file_decisions', duckdb__step_call('decide', {
        'comparison': "(select result -> '$.comparison' from raw.file_changes)",
        'checksums': "(select result -> '$.checksums' from raw.file_inspection)",
        'is_first_build': "(select count(*) = 0 from raw.file_plans)", 'raw_dir': sql_string(raw_data_dir()),
        'run_loaded_at': sql_string(run_loaded_at() | trim), 'copies_dir': sql_string(raw_file_copies_dir()),
        'mention_relation': sql_string(mentions | string) if mentions is not none else 'null',
        'staging_relations': sql_string(tojson(duckdb__publication_staging_relations() | map('string') | list))
            ~ ' :: json'})) -%}
    {%- if decision.hook.reload -%}
        {%- do duckdb__inspect_raw_files('raw.file_inspection_changed', 'raw.file_decisions') -%}
    {%- endif -%}
    {%- do duckdb__loader_step('raw.file_registration', duckdb__step_call('register', {
        'reload': 'true' if decision.hook.reload else 'false', 'max_batches': var('raw_view_max_batches', 32) | int})) -%}
    {%- do duckdb__loader_step('raw.file_views', duckdb__step_call('raw_views', duckdb__read_options({
        'kinds': sql_string(tojson(raw_file_kinds())) ~ ' :: json', 'existing_views': duckdb__batch_views(),
        'batches': "(select coalesce(list(distinct {'file_kind': file_kind, 'batch': batch}), []) from raw.file_plans)",
        'missing_plans': duckdb__read_plans("not exists (select 1 from duckdb_views() as views where views.database_name"
            ~ " = current_database() and views.schema_name = 'raw' and views.view_name = plans.file_kind || '__batch_'"
            ~ " || plans.batch)")}))) -%}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__loader_step(result_table, call, run_statements=true) %}
    {#- Calls a loader function (SQL `call`) into `result_table`, then acts on its answer: logs each message,
        runs its statements (unless `run_statements` is false: the caller runs them), stops the run with its
        error. Returns {statements, hook}. -#}
    {%- do run_query("create or replace table " ~ result_table ~ " as select " ~ call ~ " :: json as result") -%}
    {%- set answer = run_query("select result ->> '$.error', coalesce(result -> '$.log', '[]'), coalesce(result ->"
        ~ " '$.statements', '[]'), coalesce(result -> '$.hook', '{}') from " ~ result_table).rows[0] -%}
    {%- for message in fromjson(answer[1]) -%}{{ log(message, info=true) }}{%- endfor -%}
    {%- if run_statements -%}{%- do duckdb__run_statements(fromjson(answer[2])) -%}{%- endif -%}
    {%- if answer[0] -%}{{ exceptions.raise_compiler_error(answer[0]) }}{%- endif -%}
    {{ return({'statements': fromjson(answer[2]), 'hook': fromjson(answer[3])}) }}
{% endmacro %}

{% macro duckdb__run_statements(statements) %}
    {%- if statements -%}{%- do run_query(statements | join(";\n")) -%}{%- endif -%}
{% endmacro %}

{% macro duckdb__step_call(step, request) %}
    {#- The call of one step of drug_graph_loader.registration, its request a JSON object of SQL values. -#}
    {%- set fields = [] -%}
    {%- for key, value in request.items() -%}{%- do fields.append(sql_string(key) ~ ": " ~ value) -%}{%- endfor -%}
    {{ return("drug_graph_loader_step(" ~ sql_string(step) ~ ", to_json({" ~ fields | join(", ") ~ "}))") }}
{% endmacro %}

{% macro duckdb__inspect_raw_files(result_table, request_table) %}
    {#- The loader's inspection of the files a step's answer lists: read plans of "plan", checksums of "checksum". -#}
    {%- do duckdb__loader_step(result_table, "drug_graph_inspect_raw_files(to_json({'kinds': "
        ~ sql_string(tojson(raw_file_kinds())) ~ " :: json, 'copies_dir': " ~ sql_string(raw_file_copies_dir())
        ~ ", 'plan': (select result -> '$.plan' from " ~ request_table ~ "), 'checksum': (select result ->"
        ~ " '$.checksum' from " ~ request_table ~ ")}))") -%}
{% endmacro %}

{% macro duckdb__batch_views() %}
    {#- The names of the batch views in schema raw, as a SQL list. -#}
    {{ return("(select coalesce(list(view_name order by view_name), []) from duckdb_views() where database_name ="
        ~ " current_database() and schema_name = 'raw' and regexp_matches(view_name, '__batch_[0-9]+$'))") }}
{% endmacro %}

{% macro duckdb__read_plans(condition) %}
    {#- The read plans of the registered files (alias `plans`) kept by a SQL condition, as a SQL list. -#}
    {{ return("(select coalesce(list({'file_kind': file_kind, 'source_file': source_file, 'size_bytes': size_bytes,"
        ~ " 'read_path': read_path, 'read_format': read_format, 'delimiter': delimiter, 'column_count': column_count,"
        ~ " 'positions': positions, 'is_repaired': is_repaired, 'batch': batch} order by file_kind, source_file), [])"
        ~ " from raw.file_plans as plans where " ~ condition ~ ")") }}
{% endmacro %}

{% macro duckdb__read_options(request) %}
    {#- The request with the dbt vars that shape the reads (drug_graph_loader.raw_views.ReadOptions). -#}
    {%- do request.update({'group_max_bytes': var('raw_file_group_max_bytes', 1048576) | int,
        'max_line_bytes': var('max_csv_line_bytes', 16777216) | int}) -%}
    {{ return(request) }}
{% endmacro %}

{% macro duckdb__publication_staging_relations() %}
    {#- The tables of the staging models that load a publication kind's raw files, where they exist. -#}
    {%- set relations = [] -%}
    {%- set publication_tables = [] -%}
    {%- for kind in raw_file_kinds() if kind.table != 'drugs' -%}{%- do publication_tables.append(kind.table) -%}{%- endfor -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
        {%- for parent in node.depends_on.nodes
            if parent in graph.sources and graph.sources[parent].schema == 'raw'
            and graph.sources[parent].identifier in publication_tables -%}
            {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
            {%- if relation is not none -%}{%- do relations.append(relation) -%}{%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(relations) }}
{% endmacro %}

{% macro raw_file_copies_dir() %}
    {#- Where the loader writes its copies (JSON files as rows, CSV files repaired): beside the warehouse file. -#}
    {%- set path = target.path if target.path and target.path != ':memory:' else 'target/drug_graph.duckdb' -%}
    {{ return(path ~ '.raw_copies') }}
{% endmacro %}
