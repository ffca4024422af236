{% macro duckdb__fixed_json_text(text) %}
    {#- JSON text without its byte-order mark and without trailing commas before `]` or `}`. -#}
    regexp_replace(regexp_replace({{ text }}, '^\x{FEFF}', ''), ',(\s*[\]}])', '\1', 'g')
{%- endmacro %}
