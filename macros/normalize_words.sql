{% macro normalize_words(text) %}
    {#- The words of a text for matching: lower case, accents removed, every run of characters other than
        letters and digits turned into one space, trimmed. `Tranexamic-Acid's` gives `tranexamic acid s`. -#}
    {{ return(adapter.dispatch('normalize_words', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__normalize_words(text) %}
    {{ exceptions.raise_compiler_error("normalize_words has no implementation for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__normalize_words(text) %}
    {#- Replacing single characters, then folding the rare runs of spaces, is several times faster than
        replacing runs in one pass (every word boundary would be a match); accents are stripped only from
        texts that have non-ASCII characters. -#}
    trim(regexp_replace(
        regexp_replace(
            lower(case when regexp_matches({{ text }}, '[^\x00-\x7F]') then strip_accents({{ text }}) else {{ text }} end),
            '[^\p{L}\p{N} ]', ' ', 'g'
        ),
        ' {2,}', ' ', 'g'
    ))
{%- endmacro %}
