{% test unique_combination_of_columns(model, combination_of_columns, within_latest_load=false, narrow_by_hash=false) %}
    {#- Fails with every combination of the given columns found on more than one row.
        within_latest_load: only the rows of the latest load (`loaded_at`), for incremental models whose key
        holds the file: a file is loaded whole by one run, so rows that share a key share a load, and the rows
        loaded before were tested by their own run. A full build loads every row at once, so it tests them all.
        narrow_by_hash: group first on a 64-bit hash of the columns, then on the values of the rows whose hash
        repeats, for keys too long to group in memory (the millions of lines of the JSON graph under 1 GB). -#}
    {%- set columns = combination_of_columns | join(', ') %}
    {%- if narrow_by_hash %}
    with

    repeated_hashes as (
        select {{ fast_hash(combination_of_columns) }} as key_hash
        from {{ model }}
        group by {{ fast_hash(combination_of_columns) }}
        having count(*) > 1
    )

    {% endif %}
    select
        {{ columns }},
        count(*) as row_count
    from {{ model }}
    {%- if within_latest_load %}
    where loaded_at = (select max(loaded_at) from {{ model }})
    {%- elif narrow_by_hash %}
    where {{ fast_hash(combination_of_columns) }} in (select key_hash from repeated_hashes)
    {%- endif %}
    group by {{ columns }}
    having count(*) > 1
{% endtest %}
