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
