{% macro spark__persist_constraints(relation, model) %}
    {#- Overrides dbt-spark's version, which assumes Delta tables when no file_format is set: plain Spark tables
        (parquet) cannot hold NOT NULL or CHECK constraints, so they are only added to delta/iceberg/hudi
        tables. The data tests still check not_null on every engine. -#}
    {%- set contract_config = config.get('contract') -%}
    {%- if contract_config.enforced and config.get('file_format') in ('delta', 'iceberg', 'hudi') -%}
        {%- do alter_table_add_constraints(relation, model.constraints) -%}
        {%- do alter_column_set_constraints(relation, model.columns) -%}
    {%- endif -%}
{% endmacro %}
