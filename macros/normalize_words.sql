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
