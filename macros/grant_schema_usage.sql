{% macro grant_schema_usage(results) %}
    {#- On-run-end hook: gives each grantee of a model's `select` grant the use of that model's schema (and, on
        Snowflake, of its database), for the models this run built; a table grant alone does not let a role
        reach the table. The schemas come from the models, not from a list, so this follows any schema layout.
        Nothing on the engines whose grants are not schema-scoped (BigQuery grants on datasets, DuckDB, Spark). -#}
    {%- if not execute or target.type not in ('postgres', 'redshift', 'snowflake') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- for result in results if result.node.resource_type in ('model', 'seed') and result.status == 'success' -%}
        {%- set grantees = (result.node.config.grants or {}).get('select', []) -%}
        {%- set grantees = [grantees] if grantees is string else grantees -%}
        {%- for grantee in grantees -%}
            {%- set schema = adapter.quote(result.node.schema) -%}
            {%- if target.type == 'snowflake' -%}
                {%- set database = adapter.quote(result.node.database) -%}
                {%- do statements.append('grant usage on database ' ~ database ~ ' to role ' ~ adapter.quote(grantee)) -%}
                {%- do statements.append('grant usage on schema ' ~ database ~ '.' ~ schema ~ ' to role ' ~ adapter.quote(grantee)) -%}
            {%- else -%}
                {%- do statements.append('grant usage on schema ' ~ schema ~ ' to ' ~ adapter.quote(grantee)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(statements | unique | join(';\n')) }}
{% endmacro %}
