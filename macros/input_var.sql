{% macro input_var(name, default='') %}
    {#- A --vars value exactly as given on the command line. dbt renders the values of --vars as Jinja before
        var() returns them (`{{ 7*7 }}` would become 49); a value from outside is data, so the one given on the
        command line is read as written. Falls back on var() (dbt_project.yml), then on `default`. -#}
    {%- set given = invocation_args_dict.get('vars') or {} -%}
    {%- if given is string -%}{%- set given = fromyaml(given) or {} -%}{%- endif -%}
    {%- if name in given -%}{{ return(given[name]) }}{%- endif -%}
    {{ return(var(name, default)) }}
{% endmacro %}
