{% macro parse_date(text) %}
    {#- A date written dd/mm/yyyy (day first), yyyy-mm-dd, or d Month yyyy (English month name, full or
        abbreviated); null when it is in none of these formats or is not a real date. -#}
    {{ return(adapter.dispatch('parse_date', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__parse_date(text) %}
    {{ exceptions.raise_compiler_error("parse_date has no implementation for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__parse_date(text) %}
    cast(try_strptime({{ text }}, ['%d/%m/%Y', '%Y-%m-%d', '%d %B %Y', '%d %b %Y']) as date)
{%- endmacro %}
