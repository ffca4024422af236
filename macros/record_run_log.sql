{% macro record_run_log(results) %}
    {#- On-run-end: appends one row for this `dbt build`, `dbt run` or `dbt retry` to the run log (source
        `operations.run_log`): what the run did, from dbt's `results` and the warehouse's counts. Other commands
        (test, seed, source freshness, show) write nothing. The row is written even when nodes failed; a process killed before
        the end writes none (the orchestrator alerts on that run). -#}
    {%- if not execute or flags.WHICH not in ('build', 'run', 'retry') -%}
        {{ return('') }}
    {%- endif -%}
    {{ return(adapter.dispatch('record_run_log', 'drug_graph')(results)) }}
{% endmacro %}

{% macro default__record_run_log(results) %}
    {#- The run log lives in the DuckDB warehouse the orchestrator runs; other engines keep dbt's artifacts. -#}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__record_run_log(results) %}
    {%- set run_log = source('operations', 'run_log') -%}
    {%- set outcomes = run_log_outcomes(results) -%}
    {%- do run_query("create schema if not exists " ~ run_log.schema) -%}
    {%- do run_query(
        "create table if not exists " ~ run_log ~ " ("
        ~ " run_id varchar not null primary key, command varchar not null, full_refresh boolean not null,"
        ~ " started_at timestamptz not null, ended_at timestamptz not null, outcome varchar not null,"
        ~ " nodes_succeeded integer not null, nodes_failed integer not null, nodes_skipped integer not null,"
        ~ " test_failures integer not null, test_warnings integer not null,"
        ~ " files_loaded integer, files_changed integer, files_withdrawn integer,"
        ~ " rows_read bigint, rows_rejected bigint, rows_merged bigint,"
        ~ " publications bigint, mentions bigint, journals bigint, drugs bigint,"
        ~ " rejected_rows_total bigint, merged_rows_total bigint)"
    ) -%}
    {%- set counts = run_log_counts() -%}
    {%- set values = [
        dbt.string_literal(invocation_id),
        dbt.string_literal(flags.WHICH),
        'true' if flags.FULL_REFRESH else 'false',
        run_loaded_at(),
        'current_timestamp',
        dbt.string_literal(outcomes.outcome),
        outcomes.succeeded, outcomes.failed, outcomes.skipped, outcomes.test_failures, outcomes.test_warnings,
        counts.files_loaded, counts.files_changed, counts.files_withdrawn,
        counts.rows_read, counts.rows_rejected, counts.rows_merged,
        counts.publications, counts.mentions, counts.journals, counts.drugs,
        counts.rejected_rows_total, counts.merged_rows_total,
    ] -%}
    {%- do run_query("insert into " ~ run_log ~ " values (" ~ values | join(', ') ~ ")") -%}
    {%- do log("Run log: " ~ outcomes.outcome ~ ", row " ~ invocation_id ~ " appended to " ~ run_log, info=true) -%}
    {{ return('') }}
{% endmacro %}

{% macro run_log_outcomes(results) %}
    {#- The run's outcome from dbt's results: `failed` when a node errored or a test failed (or errored),
        `success` otherwise (warnings are counted apart). -#}
    {%- set tally = {'succeeded': 0, 'failed': 0, 'skipped': 0, 'test_failures': 0, 'test_warnings': 0} -%}
    {%- for result in results -%}
        {%- set status = result.status | string | lower -%}
        {%- set is_test = result.node.resource_type in ('test', 'unit_test') -%}
        {%- if status in ('error', 'fail', 'runtime error') -%}
            {%- do tally.update({'failed': tally.failed + 1}) -%}
            {%- if is_test -%}{%- do tally.update({'test_failures': tally.test_failures + 1}) -%}{%- endif -%}
        {%- elif status == 'skipped' -%}
            {%- do tally.update({'skipped': tally.skipped + 1}) -%}
        {%- else -%}
            {%- do tally.update({'succeeded': tally.succeeded + 1}) -%}
            {%- if is_test and status == 'warn' -%}
                {%- do tally.update({'test_warnings': tally.test_warnings + 1}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do tally.update({'outcome': 'failed' if tally.failed > 0 else 'success'}) -%}
    {{ return(tally) }}
{% endmacro %}

{% macro run_log_counts() %}
    {#- The warehouse's counts after the run, as SQL literals ('null' for a table not built yet): the files this
        run loaded and their rows read, rejected and merged (`dq_file_reconciliation`), the files it withdrew
        (changed or vanished), and the totals. -#}
    {%- set tables = {} -%}
    {%- for name in ['int_raw_files_loaded', 'dq_file_reconciliation', 'int_publication_rows_resolved',
                     'fct_drug_mentions', 'dim_journals', 'dim_drugs', 'dq_rejected_rows', 'dq_merged_rows'] -%}
        {%- do tables.update({name: load_relation(model_relation(name))}) -%}
    {%- endfor -%}
    {%- set selects = [] -%}
    {%- if tables.int_raw_files_loaded and tables.dq_file_reconciliation -%}
        {%- set loaded = "(select source_file from " ~ tables.int_raw_files_loaded
            ~ " where loaded_at = " ~ run_loaded_at() ~ ")" -%}
        {%- set reconciled = tables.dq_file_reconciliation ~ " where source_file in " ~ loaded -%}
        {%- do selects.append("(select count(*) from " ~ loaded ~ ") as files_loaded") -%}
        {%- do selects.append("(select coalesce(sum(raw_rows), 0) from " ~ reconciled ~ ") as rows_read") -%}
        {%- do selects.append("(select coalesce(sum(rejected_rows), 0) from " ~ reconciled ~ ") as rows_rejected") -%}
        {%- do selects.append("(select coalesce(sum(merged_rows), 0) from " ~ reconciled ~ ") as rows_merged") -%}
    {%- else -%}
        {%- do selects.append("null as files_loaded, null as rows_read, null as rows_rejected, null as rows_merged") -%}
    {%- endif -%}
    {#- the publication files this run withdrew: changed (loaded again) or vanished
        (macros/incremental/withdrawn_raw_files.sql) -#}
    {%- if load_relation(api.Relation.create(database=target.database, schema='raw', identifier='file_withdrawals')) -%}
        {%- for column, change in [('files_changed', 'changed'), ('files_withdrawn', 'withdrawn')] -%}
            {%- do selects.append("(select count(distinct source_file) from raw.file_withdrawals where change = '"
                ~ change ~ "' and withdrawn_at = " ~ run_loaded_at() ~ ") as " ~ column) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do selects.append("0 as files_changed, 0 as files_withdrawn") -%}
    {%- endif -%}
    {%- set totals = [
        ('publications', 'int_publication_rows_resolved', " where resolution = 'publication'"),
        ('mentions', 'fct_drug_mentions', ''),
        ('journals', 'dim_journals', ''),
        ('drugs', 'dim_drugs', ''),
        ('rejected_rows_total', 'dq_rejected_rows', ''),
        ('merged_rows_total', 'dq_merged_rows', ''),
    ] -%}
    {%- for column, name, condition in totals -%}
        {%- if tables[name] -%}
            {%- do selects.append("(select count(*) from " ~ tables[name] ~ condition ~ ") as " ~ column) -%}
        {%- else -%}
            {%- do selects.append("null as " ~ column) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set row = run_query("select " ~ selects | join(', ')).rows[0] -%}
    {%- set counts = {} -%}
    {%- for column in row.keys() -%}
        {%- do counts.update({column: 'null' if row[column] is none else row[column] | string}) -%}
    {%- endfor -%}
    {{ return(counts) }}
{% endmacro %}

{% macro model_relation(name) %}
    {#- The relation of the project's model `name`, from the graph: an on-run-end hook cannot `ref` (dbt would
        ask for a dependency a hook cannot declare). -#}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.package_name == project_name and node.name == name -%}
        {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("No model named " ~ name ~ " in the project.") }}
{% endmacro %}
