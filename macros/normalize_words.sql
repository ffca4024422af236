{% macro normalize_words(text) %}
    {#- The words of a text for matching: lower case, accents removed, every run of characters other than
        letters and digits turned into one space, trimmed. `Tranexamic-Acid's` gives `tranexamic acid s`. -#}
    {{ return(adapter.dispatch('normalize_words', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__normalize_words(text) %}
    {{ exceptions.raise_compiler_error("normalize_words has no implementation for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__normalize_words(text) %}
    {#- One replacement: a run of non-alphanumeric characters becomes one space, unless it is one space already
        (matching every word boundary, as '[^\p{L}\p{N}]+' does, is several times slower). Accents are stripped
        only from texts with non-ASCII characters (more bytes than characters). -#}
    trim(regexp_replace(
        lower(case when strlen({{ text }}) <> length({{ text }}) then strip_accents({{ text }}) else {{ text }} end),
        '[^\p{L}\p{N}]{2,}|[^\p{L}\p{N} ]', ' ', 'g'
    ))
{%- endmacro %}

{% macro combining_marks_class() %}
    {#- A bracket expression of the combining marks the accent folding removes, for the engines without \p{M}:
        the combining diacritical marks (U+0300-036F, U+1AB0-1AFF, U+1DC0-1DFF, U+20D0-20FF, U+FE20-FE2F) and
        the kana voicing marks (U+3099-309A), written as the characters themselves. -#}
    {{ return("'[̀-ͯ᪰-᫿᷀-᷿⃐-⃿︠-゙︯-゚]'") }}
{%- endmacro %}

{% macro postgres__normalize_words(text) %}
    {#- Accents folded by decomposing (normalize … NFD, PostgreSQL 13+ on a UTF8 database) and removing the
        combining marks, as DuckDB's strip_accents; letters and digits are [:alnum:], which follows the
        database's character classification (C.UTF-8 or an ICU locale classifies every Unicode letter). -#}
    trim(regexp_replace(
        lower(regexp_replace(normalize({{ text }}, nfd), {{ combining_marks_class() }}, '', 'g')),
        '[^[:alnum:]]+',
        ' ',
        'g'
    ))
{%- endmacro %}

{% macro snowflake__normalize_words(text) %}
    {#- Snowflake has no Unicode normalisation: the letters are folded with Spark's table (translate, see
        spark__normalize_words), then the combining marks removed. -#}
    trim(regexp_replace(
        lower(regexp_replace(
            translate({{ text }}, {{ spark__accented_letters() }}, {{ spark__unaccented_letters() }}),
            {{ combining_marks_class() }},
            ''
        )),
        '[^[:alnum:]]+',
        ' '
    ))
{%- endmacro %}

{% macro redshift__normalize_words(text) %}
    {#- Redshift has no Unicode normalisation and no strip_accents: the letters are folded with Spark's table
        (translate, see spark__normalize_words), then the combining marks removed. -#}
    trim(regexp_replace(
        lower(regexp_replace(
            translate({{ text }}, {{ spark__accented_letters() }}, {{ spark__unaccented_letters() }}),
            {{ combining_marks_class() }},
            ''
        )),
        '[^[:alnum:]]+',
        ' '
    ))
{%- endmacro %}
