{#- The DuckDB side of the raw-file loader. The Python package drug_graph_loader (python/, a dbt-duckdb plugin
    declared in profiles.yml) lists and inspects the files; these macros keep its results in schema `raw` and
    build the raw views. State kept between runs, in schema `raw`:
    - raw.files: the files found at the start of this run (kind, name, path, size, modification time);
    - raw.file_plans: one row per file registered by a run (its size, modification time and CRC-32 then, how
      the raw views read it, and its registration batch). A file is registered before any of its rows is
      staged, so a file that changes after a run was stopped part-way is still seen as changed;
    - raw.file_withdrawals and raw.withdrawn_mention_keys: the publication files withdrawn (changed or vanished
      once registered) and when, and the journal mention keys their rows held (macros/incremental/withdrawn_raw_files.sql);
    - one view per kind and batch (raw.<kind>__batch_<n>), which raw.<kind> unions. Named part "raw views by
      registration batch" (docs/performance.md): a run writes the reads of its new files only. See
      docs/loader.md. -#}

{% macro duckdb__register_raw_sources() %}
    {%- do run_query("create schema if not exists raw") -%}
    {%- do duckdb__list_raw_files() -%}
    {#- `dbt source freshness` reads the listing only: it registers nothing. -#}
    {%- if flags.WHICH in ['freshness', 'source'] -%}{{ return('') }}{%- endif -%}
    {%- do duckdb__start_from_scratch_if_needed() -%}
    {%- do duckdb__register_new_raw_files() -%}
    {%- do duckdb__create_raw_views() -%}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__raise_loader_error(result_relation) %}
    {#- Stops the run with the loader's message, when the function's JSON result in `result_relation` has one. -#}
    {%- set error = run_query("select result ->> '$.error' from " ~ result_relation).columns[0].values()[0] -%}
    {%- if error -%}{{ exceptions.raise_compiler_error(error) }}{%- endif -%}
{% endmacro %}

{% macro duckdb__list_raw_files() %}
    {#- raw.files: the raw files of the folder, listed by the loader (names matched as literal strings). -#}
    {%- do run_query(
        "create or replace table raw.file_listing as select drug_graph_list_raw_files("
        ~ sql_string(raw_data_dir()) ~ ", " ~ sql_string(tojson(raw_file_kinds())) ~ ") :: json as result"
    ) -%}
    {%- do duckdb__raise_loader_error('raw.file_listing') -%}
    {%- do run_query(
        "create or replace table raw.files as"
        ~ " select file.file_kind, file.source_file, file.file_path, file.size_bytes,"
        ~ " make_timestamp(file.modified_at_us) as modified_at"
        ~ " from (select unnest(from_json(result -> '$.files', '[{\"file_kind\": \"VARCHAR\", \"source_file\":"
        ~ " \"VARCHAR\", \"file_path\": \"VARCHAR\", \"size_bytes\": \"BIGINT\", \"modified_at_us\": \"BIGINT\"}]'))"
        ~ " as file from raw.file_listing)"
        ~ " order by file.file_kind, file.source_file"
    ) -%}
    {%- do run_query(
        "create table if not exists raw.file_plans (raw_dir varchar, file_kind varchar, source_file varchar,"
        ~ " size_bytes bigint, modified_at timestamp, checksum varchar, read_path varchar, read_format varchar,"
        ~ " delimiter varchar, column_count integer, positions integer[], is_repaired boolean, batch bigint)"
    ) -%}
    {#- warehouses registered before batches existed: their files form batch 0 -#}
    {%- do run_query("alter table raw.file_plans add column if not exists batch bigint default 0") -%}
    {%- do run_query("create sequence if not exists raw.file_batches") -%}
    {#- the withdrawal log (macros/incremental/withdrawn_raw_files.sql) -#}
    {%- do run_query(
        "create table if not exists raw.file_withdrawals (file_kind varchar, source_file varchar, change varchar,"
        ~ " withdrawn_at timestamptz)"
    ) -%}
    {%- do run_query(
        "create table if not exists raw.withdrawn_mention_keys (drug_id varchar, mentioned_on date,"
        ~ " source_kind varchar, withdrawn_at timestamptz)"
    ) -%}
{% endmacro %}

{% macro duckdb__start_from_scratch_if_needed() %}
    {#- With --full-refresh, every file is registered again. When the raw folder is not the one the warehouse
        was built from, the build starts from scratch by itself: the tables of incremental models are dropped
        (so that dbt builds them whole) and every file is registered again. -#}
    {%- set raw_dir = raw_data_dir() -%}
    {%- if not flags.FULL_REFRESH -%}
        {%- set previous = run_query(
            "select distinct raw_dir from raw.file_plans"
            ~ " where raw_dir <> (select result ->> '$.raw_dir' from raw.file_listing)"
        ).columns[0].values() | list -%}
        {%- if previous | length == 0 -%}{{ return('') }}{%- endif -%}
        {{ log("The raw folder is now '" ~ raw_dir ~ "' (was '" ~ previous | join("', '")
            ~ "'): building from scratch.", info=true) }}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
            {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
            {%- if relation is not none -%}{%- do adapter.drop_relation(relation) -%}{%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for view in duckdb__raw_batch_views() -%}
        {%- do run_query("drop view if exists raw." ~ adapter.quote(view)) -%}
    {%- endfor -%}
    {%- do run_query("delete from raw.file_plans") -%}
    {%- do run_query("delete from raw.file_withdrawals") -%}
    {%- do run_query("delete from raw.withdrawn_mention_keys") -%}
{% endmacro %}

{% macro duckdb__register_new_raw_files() %}
    {#- Compares the files found with the ones registered: new files are inspected and registered; a file whose
        modification time alone changed is hashed, and counts as changed only if its bytes did. A publication
        file that changed or vanished is withdrawn (duckdb__withdraw_raw_files: its rows leave staging, the
        models take them back); a changed one is then registered again as a new file. A drugs file that changed
        or vanished, or a new drugs file on a warehouse already built, stops the run: every title would have to
        be matched again. -#}
    {%- set is_first_build = run_query("select count(*) = 0 from raw.file_plans").columns[0].values()[0] -%}
    {%- do run_query(
        "create or replace table raw.file_changes as"
        ~ " select listed.*, case"
        ~ " when plans.source_file is null then 'new'"
        ~ " when plans.file_kind <> listed.file_kind or plans.size_bytes <> listed.size_bytes then 'changed'"
        ~ " when plans.modified_at <> listed.modified_at then 'touched' end as change"
        ~ " from raw.files as listed left join raw.file_plans as plans on listed.source_file = plans.source_file"
        ~ " where change is not null"
    ) -%}
    {%- do duckdb__inspect_raw_files('raw.file_inspection', "change = 'new'", "change = 'touched'") -%}
    {%- do run_query(
        "update raw.file_plans set modified_at = touched.modified_at"
        ~ " from raw.file_changes as touched, raw.file_inspection"
        ~ " where touched.change = 'touched' and touched.source_file = file_plans.source_file"
        ~ " and raw.file_inspection.result -> '$.checksums' ->> touched.source_file = file_plans.checksum"
    ) -%}
    {#- the registered files that changed or vanished: withdrawn (publications) or a stop (drugs) -#}
    {%- do run_query(
        "create or replace table raw.file_withdrawn_now as"
        ~ " select plans.file_kind, plans.source_file, 'changed' as change"
        ~ " from raw.file_changes as changed, raw.file_inspection, raw.file_plans as plans"
        ~ " where plans.source_file = changed.source_file and (changed.change = 'changed' or (changed.change = 'touched'"
        ~ " and raw.file_inspection.result -> '$.checksums' ->> changed.source_file <> plans.checksum))"
        ~ " union all select file_kind, source_file, 'withdrawn' from raw.file_plans"
        ~ " where source_file not in (select source_file from raw.files)"
    ) -%}
    {%- set problems = run_query(
        "select source_file, 'drugs file ' || change from raw.file_withdrawn_now where file_kind = 'drugs'"
        ~ (" union all select source_file, 'new drugs file: every title must be matched again'"
            ~ " from raw.file_changes where change = 'new' and file_kind = 'drugs'" if not is_first_build else "")
        ~ " order by 1"
    ).rows -%}
    {%- if problems | length > 0 -%}
        {%- set listed = [] -%}
        {%- for row in problems -%}{%- do listed.append(row[0] ~ " (" ~ row[1] ~ ")") -%}{%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "Raw files differ from the ones already loaded, in '" ~ raw_data_dir() ~ "': " ~ listed | join('; ')
            ~ ". The drug list changed: every title must be matched again, run `make run FULL_REFRESH=1`"
            ~ " (or `dbt build --full-refresh`) to load every file again."
        ) }}
    {%- endif -%}
    {%- set withdrawn = run_query("select source_file, change from raw.file_withdrawn_now order by 1").rows -%}
    {%- if withdrawn | length > 0 -%}
        {%- set listed = [] -%}
        {%- for row in withdrawn -%}{%- do listed.append(row[0] ~ " (" ~ row[1] ~ ")") -%}{%- endfor -%}
        {{ log("Raw files withdrawn, their rows taken back: " ~ listed | join('; ')
            ~ " (a changed file is loaded again).", info=true) }}
        {%- do duckdb__withdraw_raw_files() -%}
        {%- do duckdb__inspect_raw_files(
            'raw.file_inspection_changed', "source_file in (select source_file from raw.file_withdrawn_now"
            ~ " where change = 'changed')", "false"
        ) -%}
    {%- endif -%}
    {%- for inspection, registered in [('raw.file_inspection', 'new'), ('raw.file_inspection_changed', 'changed')]
        if registered == 'new' or withdrawn | length > 0 -%}
        {%- do run_query(
            "insert into raw.file_plans select (select result ->> '$.raw_dir' from raw.file_listing), plan.file_kind,"
            ~ " plan.source_file, new_file.size_bytes, new_file.modified_at, plan.checksum, plan.read_path,"
            ~ " plan.read_format, plan.delimiter, plan.column_count, plan.positions, plan.is_repaired, "
            ~ duckdb__next_raw_batch()
            ~ " from (select unnest(from_json(result -> '$.plans', '[{\"file_kind\": \"VARCHAR\", \"source_file\":"
            ~ " \"VARCHAR\", \"checksum\": \"VARCHAR\", \"read_path\": \"VARCHAR\", \"read_format\": \"VARCHAR\","
            ~ " \"delimiter\": \"VARCHAR\", \"column_count\": \"INTEGER\", \"positions\": [\"INTEGER\"],"
            ~ " \"is_repaired\": \"BOOLEAN\"}]')) as plan from " ~ inspection ~ ")"
            ~ " inner join raw.files as new_file on new_file.source_file = plan.source_file"
        ) -%}
    {%- endfor -%}
{% endmacro %}

{% macro duckdb__inspect_raw_files(result_table, planned, hashed) %}
    {#- Calls the loader's inspection on the files of raw.file_changes (or raw.files) kept by the conditions
        `planned` (read plans made) and `hashed` (checksums computed), into `result_table`; stops the run with
        the loader's message on an error. -#}
    {%- set listed = 'raw.file_changes' if result_table == 'raw.file_inspection' else 'raw.files' -%}
    {%- do run_query(
        "create or replace table " ~ result_table ~ " as select drug_graph_inspect_raw_files(to_json({"
        ~ "'kinds': " ~ sql_string(tojson(raw_file_kinds())) ~ " :: json,"
        ~ " 'copies_dir': " ~ sql_string(raw_file_copies_dir()) ~ ","
        ~ " 'plan': (select coalesce(list({'file_kind': file_kind, 'source_file': source_file, 'file_path': file_path}"
        ~ " order by file_kind, source_file), []) from " ~ listed ~ " where " ~ planned ~ "),"
        ~ " 'checksum': (select coalesce(list({'file_kind': file_kind, 'source_file': source_file, 'file_path': file_path}"
        ~ " order by source_file), []) from " ~ listed ~ " where " ~ hashed ~ ")"
        ~ "})) :: json as result"
    ) -%}
    {%- do duckdb__raise_loader_error(result_table) -%}
{% endmacro %}

{% macro duckdb__create_raw_views() %}
    {#- Named part "raw views by registration batch" (docs/performance.md). The files a run registers form a
        batch with its own view, raw.<kind>__batch_<n>, written once; raw.<kind> unions a kind's batch views.
        A run thus writes SQL for its new files only, whatever the number already loaded. A batch view that is
        missing (a run stopped before making it) is made; when a kind has more than
        var('raw_view_max_batches') batches, its files are registered again as one batch. -#}
    {%- set max_batches = var('raw_view_max_batches', 32) | int -%}
    {%- set existing = duckdb__raw_batch_views() -%}
    {%- for kind in raw_file_kinds() -%}
        {%- set batches = run_query(
            "select distinct batch from raw.file_plans where file_kind = " ~ sql_string(kind.table) ~ " order by 1"
        ).columns[0].values() | list -%}
        {%- if batches | length > max_batches -%}
            {%- do run_query(
                "update raw.file_plans set batch = " ~ duckdb__next_raw_batch()
                ~ " where file_kind = " ~ sql_string(kind.table)
            ) -%}
            {%- set batches = run_query(
                "select distinct batch from raw.file_plans where file_kind = " ~ sql_string(kind.table)
            ).columns[0].values() | list -%}
        {%- endif -%}
        {%- set names = [] -%}
        {%- for batch in batches -%}
            {%- set name = kind.table ~ '__batch_' ~ batch -%}
            {%- do names.append(name) -%}
            {%- if name not in existing -%}
                {%- do run_query(
                    "create view raw." ~ adapter.quote(name) ~ " as "
                    ~ duckdb__raw_file_select(duckdb__raw_file_plans(kind.table, batch=batch), kind)
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set union -%}
            {%- for name in names -%}
                select * from raw.{{ adapter.quote(name) }}{{ "\nunion all\n" if not loop.last }}
            {%- else -%}
                {{ duckdb__raw_file_select([], kind) }}
            {%- endfor -%}
        {%- endset -%}
        {%- do run_query("create or replace view raw." ~ kind.table ~ " as " ~ union) -%}
        {%- for view in existing if view.startswith(kind.table ~ '__batch_') and view not in names -%}
            {%- do run_query("drop view raw." ~ adapter.quote(view)) -%}
        {%- endfor -%}
    {%- endfor -%}
{% endmacro %}

{% macro duckdb__next_raw_batch() %}
    {#- A new registration batch number (never one used before, even after a start from scratch). -#}
    {{ return(run_query("select nextval('raw.file_batches')").columns[0].values()[0] | int) }}
{% endmacro %}

{% macro duckdb__raw_batch_views() %}
    {#- The names of the batch views in schema raw. -#}
    {{ return(run_query(
        "select view_name from duckdb_views() where database_name = current_database() and schema_name = 'raw'"
        ~ " and regexp_matches(view_name, '__batch_[0-9]+$') order by 1"
    ).columns[0].values() | list) }}
{% endmacro %}

{% macro duckdb__raw_file_plans(kind, batch=none, not_loaded_in=none) %}
    {#- The read plans of a kind's registered files, as a list of dicts (one JSON value: 100,000 files are one
        cell, not 100,000 rows): those of one registration batch, or those that the relation `not_loaded_in`
        (an incremental staging model) has not loaded yet. -#}
    {%- set plans = run_query(
        "select coalesce(to_json(list({'file_kind': plans.file_kind, 'source_file': plans.source_file,"
        ~ " 'size_bytes': plans.size_bytes, 'read_path': plans.read_path, 'read_format': plans.read_format,"
        ~ " 'delimiter': plans.delimiter, 'column_count': plans.column_count, 'positions': plans.positions,"
        ~ " 'is_repaired': plans.is_repaired} order by plans.file_kind, plans.source_file)), '[]')"
        ~ " from raw.file_plans as plans where plans.file_kind = " ~ sql_string(kind)
        ~ (" and plans.batch = " ~ (batch | int) if batch is not none else "")
        ~ (" and plans.source_file not in (select distinct source_file from " ~ not_loaded_in ~ ")"
            if not_loaded_in is not none else "")
    ).columns[0].values()[0] -%}
    {{ return(fromjson(plans)) }}
{% endmacro %}

{% macro raw_file_copies_dir() %}
    {#- Where the loader writes its copies (JSON files as rows, CSV files repaired): beside the warehouse file. -#}
    {%- set path = target.path if target.path and target.path != ':memory:' else 'target/drug_graph.duckdb' -%}
    {{ return(path ~ '.raw_copies') }}
{% endmacro %}
