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

{% macro regexp_contains(text, pattern) %}
    {#- True when a regular expression (RE2 syntax) matches somewhere in the text. -#}
    {{ return(adapter.dispatch('regexp_contains', 'drug_graph')(text, pattern)) }}
{%- endmacro %}

{% macro default__regexp_contains(text, pattern) %}
    regexp_contains({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regexp_contains(text, pattern) %}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro postgres__regexp_contains(text, pattern) %}
    {#- PostgreSQL's `~` finds a match anywhere (ARE syntax; the pattern rewritten by regex_literal). -#}
    ({{ text }} ~ {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro redshift__regexp_contains(text, pattern) %}
    {#- Redshift's `~` finds a match anywhere (POSIX syntax; the pattern rewritten by regex_literal). -#}
    ({{ text }} ~ {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro snowflake__regexp_contains(text, pattern) %}
    {#- Snowflake's regexp_like matches the whole text; regexp_instr finds a match anywhere. -#}
    (regexp_instr({{ text }}, {{ regex_literal(pattern) }}) > 0)
{%- endmacro %}

{% macro bigquery__regexp_contains(text, pattern) %}
    {#- BigQuery's regexp_contains (RE2), the pattern passed as a raw string. -#}
    regexp_contains({{ text }}, {{ bigquery__regex_literal(pattern) }})
{%- endmacro %}

{% macro spark__regexp_contains(text, pattern) %}
    {#- rlike finds a match anywhere in the text (Java regex). -#}
    {{ text }} rlike {{ pattern }}
{%- endmacro %}

{% macro regexp_full_match(text, pattern) %}
    {#- True when the whole text matches a regular expression (RE2 syntax). -#}
    {{ return(adapter.dispatch('regexp_full_match', 'drug_graph')(text, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(text, pattern) %}
    regexp_contains({{ text }}, concat('^(?:', {{ pattern }}, ')$'))
{%- endmacro %}

{% macro duckdb__regexp_full_match(text, pattern) %}
    regexp_full_match({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro postgres__regexp_full_match(text, pattern) %}
    {#- `~` finds a match anywhere, so the pattern is anchored. -#}
    ({{ text }} ~ ('^(?:' || {{ regex_literal(pattern) }} || ')$'))
{%- endmacro %}

{% macro redshift__regexp_full_match(text, pattern) %}
    {#- `~` finds a match anywhere, so the pattern is anchored (Redshift's POSIX syntax has no `(?:`). -#}
    ({{ text }} ~ ('^(' || {{ regex_literal(pattern) }} || ')$'))
{%- endmacro %}

{% macro snowflake__regexp_full_match(text, pattern) %}
    {#- Snowflake's regexp_like matches the whole text (it anchors the pattern itself). -#}
    regexp_like({{ text }}, {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro bigquery__regexp_full_match(text, pattern) %}
    {#- regexp_contains finds a match anywhere, so the pattern is anchored; passed as a raw string. -#}
    regexp_contains({{ text }}, concat('^(?:', {{ bigquery__regex_literal(pattern) }}, ')$'))
{%- endmacro %}

{% macro spark__regexp_full_match(text, pattern) %}
    {#- True when the whole text matches: Spark's rlike finds a match anywhere, so the pattern is anchored. -#}
    {{ text }} rlike concat('^(?:', {{ pattern }}, ')$')
{%- endmacro %}

{% macro regexp_replace_all(text, pattern, replacement) %}
    {#- Replaces every match of a regular expression (RE2 syntax). -#}
    {{ return(adapter.dispatch('regexp_replace_all', 'drug_graph')(text, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(text, pattern, replacement) %}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{% macro duckdb__regexp_replace_all(text, pattern, replacement) %}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro postgres__regexp_replace_all(text, pattern, replacement) %}
    {#- The 'g' flag replaces every match (ARE syntax; the pattern rewritten by regex_literal). -#}
    regexp_replace({{ text }}, {{ regex_literal(pattern) }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro redshift__regexp_replace_all(text, pattern, replacement) %}
    {#- Redshift's regexp_replace replaces every match (POSIX syntax). -#}
    regexp_replace({{ text }}, {{ regex_literal(pattern) }}, {{ replacement }})
{%- endmacro %}

{% macro snowflake__regexp_replace_all(text, pattern, replacement) %}
    {#- Snowflake's regexp_replace replaces every match (POSIX syntax, pattern dollar-quoted). -#}
    regexp_replace({{ text }}, {{ regex_literal(pattern) }}, {{ replacement }})
{%- endmacro %}

{% macro bigquery__regexp_replace_all(text, pattern, replacement) %}
    {#- BigQuery's regexp_replace replaces every match (RE2); the pattern is passed as a raw string. -#}
    regexp_replace({{ text }}, {{ bigquery__regex_literal(pattern) }}, {{ replacement }})
{%- endmacro %}

{% macro spark__regexp_replace_all(text, pattern, replacement) %}
    {#- Spark's regexp_replace replaces every match (Java regex). The profile sets
        spark.sql.parser.escapedStringLiterals, so a pattern literal reaches the regex engine as written. -#}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}
