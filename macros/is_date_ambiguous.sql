{% macro is_date_ambiguous(text, date_format) %}
    {#- True for a dd/mm/yyyy text (its layout given by `date_format`, see date_format_of) whose day and month
        are both 12 or less: read month first, it would give another date. -#}
    case
        when {{ date_format }} = 'dd/mm/yyyy'
            then cast({{ dbt.split_part(text, "'/'", 1) }} as {{ dbt.type_int() }}) <= 12
            and cast({{ dbt.split_part(text, "'/'", 2) }} as {{ dbt.type_int() }}) <= 12
        else false
    end
{%- endmacro %}
