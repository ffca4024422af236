{% macro spark__parse_date(text) %}
    {#- try_to_date gives null for an impossible date; `d` and `M` read one or two digits, `MMM`/`MMMM` English
        month names in any case. -#}
    case {{ date_format_of(text) }}
        when 'dd/mm/yyyy' then try_to_date({{ text }}, 'd/M/yyyy')
        when 'yyyy-mm-dd' then try_to_date({{ text }}, 'yyyy-M-d')
        when 'd month yyyy' then coalesce(try_to_date({{ text }}, 'd MMMM yyyy'), try_to_date({{ text }}, 'd MMM yyyy'))
    end
{%- endmacro %}
