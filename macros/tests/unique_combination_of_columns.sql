{% test unique_combination_of_columns(model, combination_of_columns) %}
    {#- Fails with every combination of the given columns found on more than one row. -#}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
