{% test expression_is_true(model, expression) %}
    {#- Fails with every row for which the SQL expression is not true. -#}
    select * from {{ model }}
    where not coalesce({{ expression }}, false)
{% endtest %}
