{% macro spark__fast_hash(expressions) %}
    {#- Spark's 64-bit xxhash64 of the expressions. -#}
    xxhash64({{ expressions | join(', ') }})
{%- endmacro %}
