{% macro duckdb__get_columns_in_relation(relation) -%}
    {#- dbt-duckdb reads a relation's columns with DESCRIBE, which binds a view again: for the raw views (one
        read_csv per file) that sniffs every raw file, about 2 s at PubMed scale, paid by each unit test of a
        staging model before the staging models can start. Their columns come from the catalog instead, which
        keeps them since the view was made, this run. Other relations go to dbt-duckdb. -#}
    {%- if relation.schema == 'raw' -%}
        {%- call statement('get_columns_in_relation', fetch_result=True) -%}
            select
                column_name,
                data_type,
                cast(null as bigint) as character_maximum_length,
                cast(null as bigint) as numeric_precision,
                cast(null as bigint) as numeric_scale
            from duckdb_columns()
            where
                database_name = {{ dbt.string_literal(relation.database) }}
                and schema_name = {{ dbt.string_literal(relation.schema) }}
                and table_name = {{ dbt.string_literal(relation.identifier) }}
            order by column_index
        {%- endcall -%}
        {{ return(sql_convert_columns_in_relation(load_result('get_columns_in_relation').table)) }}
    {%- endif -%}
    {{ return(dbt.duckdb__get_columns_in_relation(relation)) }}
{%- endmacro %}
