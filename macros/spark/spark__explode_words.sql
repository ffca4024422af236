{% macro spark__explode_words(relation, columns, words_column) %}
    {#- One row per word: Spark explodes the split array with a lateral view (split takes a regex). -#}
    select
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        exploded.word
    from {{ relation }}
    lateral view explode(split({{ relation }}.{{ words_column }}, ' ')) exploded as word
{%- endmacro %}
