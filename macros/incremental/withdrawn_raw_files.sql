{#- Withdrawn raw files (docs/architecture.md, "The incremental contract", "Files that change or vanish"). A
    publication file that was loaded and then changed (corrected) or vanished (withdrawn) is *withdrawn* by the
    start-of-run hook: its staged rows leave staging and the withdrawal is logged, with the run's time, in
    raw.file_withdrawals (a changed file is then loaded again, as a new file). The models below staging take the
    file's rows back themselves, each in its own run step, and decide again what those rows touched:
    - withdrawn_raw_files(relation, column): the withdrawals the model has not taken in yet;
    - delete_rows_of_withdrawn_files(...): the hook deleting a model's rows of those files;
    - withdrawn_mention_keys(relation): the journal mention keys the withdrawn rows counted in;
    - the loader's step, withdrawing the files: withdrawal_statements in python/drug_graph_loader/registration.py,
      run by the start-of-run hook (macros/duckdb_raw_loader.sql). -#}

{% macro withdrawn_raw_files(relation, column='decided_at') %}
    {#- On an incremental run, the withdrawals the model (`relation`) has not taken in yet, as a subquery of
        (source_file, withdrawn_at): those logged after the latest `column` of its rows written before this run
        (the same before and after the run writes its rows, so that a post-hook sees what the model saw). A run
        that withdrew a file and wrote no row leaves the model's latest time where it was: the next run takes
        the withdrawal in again, which changes nothing (no row of the file older than its withdrawal is left).
        none on a full build, when nothing was withdrawn since, and on engines without withdrawals (their raw
        tables are loaded by the platform; Spark stops the run, macros/check_loaded_raw_files.sql). -#}
    {{ return(adapter.dispatch('withdrawn_raw_files', 'drug_graph')(relation, column)) }}
{%- endmacro %}

{% macro default__withdrawn_raw_files(relation, column) %}
    {{ return(none) }}
{%- endmacro %}

{% macro duckdb__withdrawn_raw_files(relation, column) %}
    {%- set since = withdrawals_since(relation, column) -%}
    {%- if since is none -%}{{ return(none) }}{%- endif -%}
    {%- if run_query("select count(*) from raw.file_withdrawals where " ~ since).columns[0].values()[0] == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(
        "(select source_file, max(withdrawn_at) as withdrawn_at from raw.file_withdrawals where "
        ~ since ~ " group by source_file)"
    ) }}
{%- endmacro %}

{% macro withdrawals_since(relation, column, withdrawn_at='withdrawn_at') %}
    {#- DuckDB, on an incremental run: the condition on `withdrawn_at` keeping the withdrawals logged after the
        latest `column` of the rows of `relation` written before this run (`true` when it has none); none when
        there are none, or nothing is to be read (a full build, a render without execution, no withdrawal log). -#}
    {%- if not (is_incremental() and execute) -%}{{ return(none) }}{%- endif -%}
    {%- if load_relation(api.Relation.create(database=target.database, schema='raw', identifier='file_withdrawals'))
        is none -%}
        {{ return(none) }}
    {%- endif -%}
    {#- Most runs have nothing to take in: the log is empty, or the model holds a row written before this run at
        or after the last withdrawal (found on the row groups of recent times only). -#}
    {%- set last_withdrawal = run_query(
        "select cast(max(withdrawn_at) as " ~ dbt.type_string() ~ ") from raw.file_withdrawals"
    ).columns[0].values()[0] -%}
    {%- if last_withdrawal is none -%}{{ return(none) }}{%- endif -%}
    {%- set taken_in = run_query(
        "select count(*) from (select 1 from " ~ relation ~ " where " ~ column ~ " >= " ~ time_literal(last_withdrawal)
        ~ " and " ~ column ~ " < " ~ run_loaded_at() ~ " limit 1)"
    ).columns[0].values()[0] -%}
    {%- if taken_in > 0 -%}{{ return(none) }}{%- endif -%}
    {%- set latest = run_query(
        "select cast(max(" ~ column ~ ") as " ~ dbt.type_string() ~ ") from " ~ relation
        ~ " where " ~ column ~ " < " ~ run_loaded_at()
    ).columns[0].values()[0] -%}
    {{ return(withdrawn_at ~ " > " ~ time_literal(latest) if latest is not none else "true") }}
{%- endmacro %}

{% macro delete_rows_of_withdrawn_files(
    relation, file_column='source_file', time_column='loaded_at', since_column=none
) %}
    {#- Hook of the models holding rows per raw row (nothing on a full build, nor when nothing was withdrawn): deletes
        the rows of the files withdrawn since the model's latest `since_column` (default: `time_column`; see
        withdrawn_raw_files) that are older than the file's withdrawal (`time_column`: the row's `loaded_at` or
        `decided_at`). A row of the file's new content is loaded or decided by the run that withdrew the file or
        later: it stays. -#}
    {%- set withdrawn = withdrawn_raw_files(relation, since_column or time_column) -%}
    {%- if withdrawn %}
    delete from {{ relation }} as previous_rows
    where exists (
        {{ rows_of_withdrawn_files('previous_rows', withdrawn, file_column, time_column) }}
    )
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}

{% macro rows_of_withdrawn_files(rows, withdrawn, file_column='source_file', time_column='loaded_at') %}
    {#- The correlated select telling whether a row of `rows` belongs to a withdrawn file (the relation
        `withdrawn`, from withdrawn_raw_files) and is older than its withdrawal: for `exists (...)`. -#}
    select 1
    from {{ withdrawn }} as withdrawn_files
    where
        withdrawn_files.source_file = {{ rows }}.{{ file_column }}
        and {{ rows }}.{{ time_column }} < withdrawn_files.withdrawn_at
{%- endmacro %}

{% macro withdrawn_mention_keys(relation) %}
    {#- On an incremental run, the journal mention keys (drug_id, mentioned_on, source_kind) of the mentions held
        by the files withdrawn since the model's latest `decided_at` (see withdrawn_raw_files), as a subquery;
        none when there are none. The loader logged them as fct_drug_mentions held them when it withdrew the
        files (raw.withdrawn_mention_keys): by the time the journal mentions are counted again, the rows are
        gone from every model above. -#}
    {%- if not withdrawn_raw_files(relation, 'decided_at') -%}{{ return(none) }}{%- endif -%}
    {{ return(
        "(select distinct mention_keys.drug_id, mention_keys.mentioned_on, mention_keys.source_kind"
        ~ " from raw.withdrawn_mention_keys as mention_keys where "
        ~ withdrawals_since(relation, 'decided_at', 'mention_keys.withdrawn_at') ~ ")"
    ) }}
{%- endmacro %}

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
