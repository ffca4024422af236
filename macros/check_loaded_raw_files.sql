{% macro check_loaded_raw_files() %}
    {#- Spark: the names of the raw files an earlier run loaded (none on a first run or with --full-refresh). Stops
        the run, naming the files, when a loaded file has changed or vanished since, or when a new drugs file
        has come: an incremental run would mix old and new rows, and a new drug list must be matched against
        every title. -#}
    {%- if flags.FULL_REFRESH -%}{{ return([]) }}{%- endif -%}
    {#- Where the model lives (its layer's schema, `intermediate`), as dbt placed it. -#}
    {%- set loaded_node = graph.nodes['model.drug_graph.int_raw_files_loaded'] -%}
    {%- set manifest = adapter.get_relation(
        database=loaded_node.database, schema=loaded_node.schema, identifier=loaded_node.alias
    ) -%}
    {%- if manifest is none -%}{{ return([]) }}{%- endif -%}
    {%- set problems = run_query(
        "select loaded.source_file, case when listed.source_file is null then 'vanished'"
        ~ " else 'changed: size or modification time differs' end"
        ~ " from " ~ manifest ~ " as loaded left join raw.files as listed"
        ~ " on loaded.file_kind = listed.file_kind and loaded.source_file = listed.source_file"
        ~ " where listed.source_file is null or listed.size_bytes <> loaded.size_bytes"
        ~ " or listed.modified_at <> loaded.modified_at"
        ~ " union all"
        ~ " select listed.source_file, 'new drugs file: every title must be matched again' from raw.files as listed"
        ~ " where listed.file_kind = 'drugs'"
        ~ " and listed.source_file not in (select source_file from " ~ manifest ~ ")"
        ~ " order by 1"
    ) -%}
    {%- if problems.rows | length > 0 -%}
        {%- set listed = [] -%}
        {%- for row in problems.rows -%}{%- do listed.append(row[0] ~ " (" ~ row[1] ~ ")") -%}{%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "Raw files differ from the ones already loaded, in '" ~ raw_data_dir() ~ "': " ~ listed | join('; ')
            ~ ". An incremental run would mix old and new rows: run `make run FULL_REFRESH=1`"
            ~ " (or `dbt build --full-refresh`) to load every file again."
        ) }}
    {%- endif -%}
    {{ return(run_query("select source_file from " ~ manifest).columns[0].values() | list) }}
{% endmacro %}
