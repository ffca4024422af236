{% macro is_date_ambiguous(text) %}
    {#- True for a dd/mm/yyyy text whose day and month are both 12 or less (it would also parse month first). -#}
    case
        when {{ date_format_of(text) }} = 'dd/mm/yyyy'
            then cast({{ dbt.split_part(text, "'/'", 1) }} as {{ dbt.type_int() }}) <= 12
            and cast({{ dbt.split_part(text, "'/'", 2) }} as {{ dbt.type_int() }}) <= 12
        else false
    end
{%- endmacro %}
