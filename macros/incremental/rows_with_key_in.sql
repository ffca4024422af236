{% macro rows_with_key_in(relation, column, keys, row_filter='true') %}
    {#- A subquery: the rows of `relation` passing `row_filter` whose `column` holds one of the values of the
        same column of `keys` (a CTE or relation). For a large relation and few keys. -#}
    {{ return(adapter.dispatch('rows_with_key_in', 'drug_graph')(relation, column, keys, row_filter)) }}
{%- endmacro %}

{% macro default__rows_with_key_in(relation, column, keys, row_filter) %}
    (
        select * from {{ relation }}
        where {{ row_filter }} and {{ column }} in (select {{ keys }}.{{ column }} from {{ keys }})
    )
{%- endmacro %}

{% macro duckdb__rows_with_key_in(relation, column, keys, row_filter) %}
    {#- The rows are found by their rowid, on a scan of the key column alone; their other columns are then read
        for them only. Filtering on the key while reading every column took 3 to 7 times as long on 37M rows:
        DuckDB reads the columns of each chunk holding a row that passes its Bloom filter, nearly all of them.
        A subquery (a test's `where`) has no rowid: it is read the default way. -#}
    {%- if relation is string %}
    {{ return(default__rows_with_key_in(relation, column, keys, row_filter)) }}
    {%- endif %}
    (
        select * from {{ relation }}
        where rowid in (
            select rowid from {{ relation }}
            where {{ row_filter }} and {{ column }} in (select {{ keys }}.{{ column }} from {{ keys }})
        )
    )
{%- endmacro %}
