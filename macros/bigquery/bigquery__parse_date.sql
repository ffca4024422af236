{% macro bigquery__parse_date(text) %}
    {#- safe.parse_date gives null for an impossible date; %B and %b read full and abbreviated English month
        names. -#}
    case {{ date_format_of(text) }}
        when 'dd/mm/yyyy' then safe.parse_date('%d/%m/%Y', {{ text }})
        when 'yyyy-mm-dd' then safe.parse_date('%Y-%m-%d', {{ text }})
        when 'd month yyyy' then coalesce(safe.parse_date('%d %B %Y', {{ text }}), safe.parse_date('%d %b %Y', {{ text }}))
    end
{%- endmacro %}
