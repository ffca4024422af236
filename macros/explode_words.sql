{% macro explode_words(relation, columns, words_column) %}
    {#- A select of one row per word of a space-separated text: the given columns, then `word`. -#}
    {{ return(adapter.dispatch('explode_words', 'drug_graph')(relation, columns, words_column)) }}
{%- endmacro %}

{% macro default__explode_words(relation, columns, words_column) %}
    select
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        word
    from {{ relation }}
    cross join unnest(split({{ relation }}.{{ words_column }}, ' ')) as word
{%- endmacro %}

{% macro duckdb__explode_words(relation, columns, words_column) %}
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        unnest(string_split({{ words_column }}, ' ')) as word
    from {{ relation }}
{%- endmacro %}
