{% macro regex_literal(pattern) %}
    {#- A regular expression written for RE2 as a standard SQL literal ('[\s\p{Z}]+', where a backslash is a
        backslash), as the engine's own literal of the same expression. Other expressions (a column, a concat)
        are returned as they are. The RE2 classes the project writes are `\s` and `\p{Z}` inside brackets
        (whitespace), `\x{HH}` (a code point) and `\\x` (a backslash then x). -#}
    {{ return(adapter.dispatch('regex_literal', 'drug_graph')(pattern)) }}
{%- endmacro %}

{% macro default__regex_literal(pattern) %}
    {{ return(pattern) }}
{%- endmacro %}

{% macro bigquery__regex_literal(pattern) %}
    {#- In BigQuery's plain literals the backslash escapes: a pattern with one becomes a raw string (r'[\s]+'). -#}
    {%- if pattern is string and pattern.startswith("'") and pattern.endswith("'") and '\\' in pattern -%}
        {{ return('r' ~ pattern) }}
    {%- endif -%}
    {{ return(pattern) }}
{%- endmacro %}

{% macro posix_regex_text(pattern_text) %}
    {#- The text of an RE2 pattern rewritten for the POSIX-based engines (PostgreSQL's ARE, Redshift, Snowflake),
        which have no `\p{…}` classes: `\s` and `\p{Z}` inside brackets become the characters they stand for
        (RE2's `\s` is [\t\n\f\r ]; `\p{Z}` the space, line and paragraph separators), `[^\S ]` (whitespace
        other than a space) becomes [\t\n\f\r], `\x{HH}` becomes `\u00HH`. -#}
    {%- set separators = ' \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000' -%}
    {%- set text = pattern_text.replace('[^\\S ]', '[\\t\\n\\f\\r]').replace('\\p{Z}', separators) -%}
    {%- set text = text.replace('\\s', '\\t\\n\\f\\r ') -%}
    {%- set text = modules.re.sub('\\\\x\\{([0-9A-Fa-f]{4})\\}', '\\\\u\\1', text) -%}
    {%- set text = modules.re.sub('\\\\x\\{([0-9A-Fa-f]{3})\\}', '\\\\u0\\1', text) -%}
    {%- set text = modules.re.sub('\\\\x\\{([0-9A-Fa-f]{2})\\}', '\\\\u00\\1', text) -%}
    {{ return(text) }}
{%- endmacro %}

{% macro postgres__regex_literal(pattern) %}
    {#- PostgreSQL's literals keep the backslash (standard_conforming_strings); its ARE engine reads \t \n \f \r
        and \uHHHH. -#}
    {%- if pattern is string and pattern.startswith("'") and pattern.endswith("'") -%}
        {{ return(posix_regex_text(pattern)) }}
    {%- endif -%}
    {{ return(pattern) }}
{%- endmacro %}

{% macro redshift__regex_literal(pattern) %}
    {#- Redshift's literals escape with the backslash (as PostgreSQL 8 did): every backslash is doubled. -#}
    {%- if pattern is string and pattern.startswith("'") and pattern.endswith("'") -%}
        {{ return(posix_regex_text(pattern).replace('\\', '\\\\')) }}
    {%- endif -%}
    {{ return(pattern) }}
{%- endmacro %}

{% macro snowflake__regex_literal(pattern) %}
    {#- Snowflake's single-quoted literals escape with the backslash; a dollar-quoted string ($$…$$) passes the
        pattern as written. -#}
    {%- if pattern is string and pattern.startswith("'") and pattern.endswith("'") and '$$' not in pattern -%}
        {{ return('$$' ~ posix_regex_text(pattern)[1:-1].replace("''", "'") ~ '$$') }}
    {%- endif -%}
    {{ return(pattern) }}
{%- endmacro %}
