{% test unique_combination_of_columns(model, combination_of_columns, within_latest_load=false) %}
    {#- Fails with every combination of the given columns found on more than one row. within_latest_load: only
        the rows of the latest load (`loaded_at`), for incremental models whose key holds the file: a file is
        loaded whole by one run, so rows that share a key share a load, and the rows loaded before were tested
        by their own run. A full build loads every row at once, so it tests them all. -#}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    {%- if within_latest_load %}
    where loaded_at = (select max(loaded_at) from {{ model }})
    {%- endif %}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
