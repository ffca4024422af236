{% macro normalize_words(text) %}
    {#- The words of a text for matching: lower case, accents removed, every run of characters other than
        letters and digits turned into one space, trimmed. `Tranexamic-Acid's` gives `tranexamic acid s`. -#}
    {{ return(adapter.dispatch('normalize_words', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__normalize_words(text) %}
    {{ exceptions.raise_compiler_error("normalize_words has no implementation for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__normalize_words(text) %}
    trim({{ regexp_replace_all('lower(strip_accents(' ~ text ~ '))', "'[^\\p{L}\\p{N}]+'", "' '") }})
{%- endmacro %}
