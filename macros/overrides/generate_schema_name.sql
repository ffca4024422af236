{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- The schema of a node: its custom schema (`+schema` in dbt_project.yml) as it is, or the target's
        schema when it has none. dbt's own macro prefixes the custom name with the target's schema
        (`main_marts`); see macros/overrides/README.md. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
