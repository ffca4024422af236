{% macro clean_text(text) %}
    {#- Trimmed text with escape text decoded, runs of whitespace folded to one space, and '' as null. -#}
    nullif(trim({{ regexp_replace_all(decode_escape_text(text), "'[\\s\\p{Z}]+'", "' '") }}), '')
{%- endmacro %}
