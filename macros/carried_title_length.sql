{% macro carried_title_length() %}
    {#- The longest title, in characters, that int_drug_mentions_matched carries with each of its words to the
        candidates; a longer title is read again for its candidates only. Bounded, so that the words of one title
        hold at most its word count x this many characters: memory linear in a title's length (docs/performance.md,
        "Long titles"). -#}
    {{ return(1000) }}
{%- endmacro %}
