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
        {%- set schema = api.Relation.create(database=result.node.database, schema=result.node.schema) -%}
        {%- for grantee in grantees -%}
            {#- A role name from the environment is data: a plain name, never SQL. -#}
            {%- if not modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_$]*', grantee) -%}
                {{ exceptions.raise_compiler_error("Grantee '" ~ grantee ~ "' is not a plain role name (DBT_ANALYST_ROLE).") }}
            {%- endif -%}
            {%- if target.type == 'snowflake' -%}
                {%- do statements.append(
                    'grant usage on database ' ~ schema.include(schema=false, identifier=false) ~ ' to role ' ~ grantee
                ) -%}
                {%- do statements.append(
                    'grant usage on schema ' ~ schema.include(identifier=false) ~ ' to role ' ~ grantee
                ) -%}
            {%- else -%}
                {%- do statements.append(
                    'grant usage on schema ' ~ schema.include(database=false, identifier=false) ~ ' to ' ~ grantee
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(statements | unique | join(';\n')) }}
{% endmacro %}
