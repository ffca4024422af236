{% macro explode_words(relation, key_column, words_column) %}
    {#- A select of one row per word of a space-separated text: columns `key_column` and `word`. -#}
    {{ return(adapter.dispatch('explode_words', 'drug_graph')(relation, key_column, words_column)) }}
{%- endmacro %}

{% macro default__explode_words(relation, key_column, words_column) %}
    select
        {{ relation }}.{{ key_column }},
        word
    from {{ relation }}
    cross join unnest(split({{ relation }}.{{ words_column }}, ' ')) as word
{%- endmacro %}

{% macro duckdb__explode_words(relation, key_column, words_column) %}
    select
        {{ key_column }},
        unnest(string_split({{ words_column }}, ' ')) as word
    from {{ relation }}
{%- endmacro %}
