{% macro bigquery__normalize_words(text) %}
    {#- Accents folded by decomposing (NFD) and removing the combining marks, as DuckDB's strip_accents. -#}
    trim(regexp_replace(
        lower(regexp_replace(normalize({{ text }}, NFD), r'\p{M}', '')),
        r'[^\p{L}\p{N}]+',
        ' '
    ))
{%- endmacro %}
