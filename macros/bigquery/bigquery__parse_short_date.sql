{% macro bigquery__parse_short_date(text) %}
    {#- dd/mm/yy read as 20yy; safe.parse_date gives null for an impossible date (`31/02/19`), as on DuckDB
        (a plain cast would stop the query). -#}
    case
        when regexp_contains({{ text }}, r'^[0-9]{2}/[0-9]{2}/[0-9]{2}$')
            then safe.parse_date('%d/%m/%Y', concat(substr({{ text }}, 1, 6), '20', substr({{ text }}, 7, 2)))
    end
{%- endmacro %}
