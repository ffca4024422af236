{% macro date_format_of(text) %}
    {#- The layout of a date text: 'dd/mm/yyyy', 'yyyy-mm-dd', 'd month yyyy', or null for anything else. -#}
    case
        when {{ regexp_full_match(text, "'[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}'") }} then 'dd/mm/yyyy'
        when {{ regexp_full_match(text, "'[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}'") }} then 'yyyy-mm-dd'
        when {{ regexp_full_match(text, "'[0-9]{1,2} [A-Za-z]+ [0-9]{4}'") }} then 'd month yyyy'
    end
{%- endmacro %}
