{% macro fast_hash(expressions) %}
    {#- A 64-bit hash of several expressions, for grouping large tables on a compact key. Not collision-free:
        use it only to narrow a search whose result is then checked on the real values. -#}
    {{ return(adapter.dispatch('fast_hash', 'drug_graph')(expressions)) }}
{%- endmacro %}

{% macro default__fast_hash(expressions) %}
    farm_fingerprint(to_json_string(struct({{ expressions | join(', ') }})))
{%- endmacro %}

{% macro duckdb__fast_hash(expressions) %}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{% macro postgres__fast_hash(expressions) %}
    {#- PostgreSQL's 64-bit hashtextextended of the row of the expressions as text. -#}
    hashtextextended(cast(row({{ expressions | join(', ') }}) as text), 0)
{%- endmacro %}

{% macro snowflake__fast_hash(expressions) %}
    {#- Snowflake's hash is 64-bit and takes several expressions. -#}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{% macro redshift__fast_hash(expressions) %}
    {#- Redshift's 64-bit farmfingerprint64 of the expressions as text, separated (a null as ''). -#}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as varchar), '')") -%}
    {%- endfor %}
    farmfingerprint64({{ parts | join(" || '|' || ") }})
{%- endmacro %}

{% macro spark__fast_hash(expressions) %}
    {#- Spark's 64-bit xxhash64 of the expressions. -#}
    xxhash64({{ expressions | join(', ') }})
{%- endmacro %}
