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

{% macro postgres__explode_words(relation, columns, words_column) %}
    {#- string_to_array splits on the plain text ' '; unnest gives one row per word. -#}
    select
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        words.word
    from {{ relation }}
    cross join lateral unnest(string_to_array({{ relation }}.{{ words_column }}, ' ')) as words (word)
{%- endmacro %}

{% macro snowflake__explode_words(relation, columns, words_column) %}
    {#- split_to_table gives one row per piece, in its `value` column. -#}
    select
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        words.value as word
    from {{ relation }}
    cross join lateral split_to_table({{ relation }}.{{ words_column }}, ' ') as words
{%- endmacro %}

{% macro redshift__explode_words(relation, columns, words_column) %}
    {#- Redshift cannot unnest a split text in a query on tables: the rows are joined with the positions 1 to
        1000 (a cross join of digits) up to the text's word count, and split_part picks each word. A title has
        far fewer than 1000 words; a longer one would lose its words past the 1000th (see docs/portability.md). -#}
    select
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        split_part({{ relation }}.{{ words_column }}, ' ', word_positions.word_position) as word
    from {{ relation }}
    inner join (
        select hundreds.digit * 100 + tens.digit * 10 + units.digit + 1 as word_position
        from {{ redshift__digits() }} as hundreds
        cross join {{ redshift__digits() }} as tens
        cross join {{ redshift__digits() }} as units
    ) as word_positions
        on word_positions.word_position <= regexp_count({{ relation }}.{{ words_column }}, ' ') + 1
{%- endmacro %}

{% macro redshift__digits() %}
    {#- The ten digits as a relation of one column, `digit`. -#}
    (
        {%- for digit in range(10) %}
        select {{ digit }} as digit{{ " union all" if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

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
