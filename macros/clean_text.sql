{% macro clean_text(text) %}
    {#- Trimmed text with escape text decoded, runs of whitespace folded to one space, and '' as null.
        Most values need none of it: a cheap test (needs_cleaning) sends only the others through the (much
        slower) rewriting. -#}
    nullif(
        case
            when {{ needs_cleaning(text) }}
                then trim({{ regexp_replace_all(decode_escape_text(text), "'[\\s\\p{Z}]+'", "' '") }})
            else {{ text }}
        end,
        ''
    )
{%- endmacro %}

{% macro needs_cleaning(text) %}
    {#- True when clean_text would change the text: whitespace at either end, two in a row, or other than a
        space; or escape text (`\xNN`). -#}
    {{ return(adapter.dispatch('needs_cleaning', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__needs_cleaning(text) %}
    {{ regexp_contains(text, needs_cleaning_pattern()) }}
{%- endmacro %}

{% macro duckdb__needs_cleaning(text) %}
    {#- A text with as many bytes as characters (ASCII) is searched for each case with plain string functions,
        cheaper than one regular expression on short values as on titles (docs/performance.md, "Clean only
        what needs it"). Its only whitespace are \t \n \f \r and space; a `\x` not
        followed by two hex digits only takes the slow way to the same text. -#}
    case
        when strlen({{ text }}) = length({{ text }})
            then contains({{ text }}, '  ')
            or contains({{ text }}, chr(9))
            or contains({{ text }}, chr(10))
            or contains({{ text }}, chr(12))
            or contains({{ text }}, chr(13))
            or starts_with({{ text }}, ' ')
            or ends_with({{ text }}, ' ')
            or contains({{ text }}, '\x')
        else regexp_matches({{ text }}, {{ needs_cleaning_pattern() }})
    end
{%- endmacro %}

{% macro needs_cleaning_pattern() %}
    {#- The SQL literal of the pattern needs_cleaning looks for: whitespace (\s, Unicode separators and the other
        Unicode spaces) at either end, two in a row or other than a space, or escape text. -#}
    {{ return("'^[\\s\\p{Z}]|[\\s\\p{Z}]$|[\\s\\p{Z}]{2}|[^\\S ]"
        ~ "|[\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]"
        ~ "|\\\\x[0-9A-Fa-f]{2}'") }}
{%- endmacro %}
