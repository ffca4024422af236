{% macro spark__parse_short_date(text) %}
    {#- dd/mm/yy read as 20yy; try_to_date gives null for an impossible date (`31/02/19`), as on DuckDB. -#}
    case
        when {{ text }} rlike '^[0-9]{2}/[0-9]{2}/[0-9]{2}$'
            then try_to_date(concat(substr({{ text }}, 1, 6), '20', substr({{ text }}, 7, 2)), 'dd/MM/yyyy')
    end
{%- endmacro %}
