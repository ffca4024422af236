{% macro clean_text(text) %}
    {#- Trimmed text with escape text decoded, runs of whitespace folded to one space, and '' as null.
        Most values need none of it: one cheap regular-expression test sends only the others through the
        (much slower) rewriting. -#}
    {%- set needs_cleaning = "'^[\\s\\p{Z}]|[\\s\\p{Z}]$|[\\s\\p{Z}]{2}|[^\\S ]"
        ~ "|[\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]"
        ~ "|\\\\x[0-9A-Fa-f]{2}'" -%}
    nullif(
        case
            when {{ regexp_contains(text, needs_cleaning) }}
                then trim({{ regexp_replace_all(decode_escape_text(text), "'[\\s\\p{Z}]+'", "' '") }})
            else {{ text }}
        end,
        ''
    )
{%- endmacro %}
