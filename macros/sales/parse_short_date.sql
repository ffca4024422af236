{% macro parse_short_date(text) %}
    {#- A date written dd/mm/yy (day first, two-digit year read as 20yy), e.g. `01/01/20` for 1 January 2020;
        null when the text is not in that layout. DuckDB also gives null for an impossible date (`31/02/19`). -#}
    {{ return(adapter.dispatch('parse_short_date', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__parse_short_date(text) %}
    {#- Portable version: the three parts checked and turned into a date (valid_date_from_parts), null for an
        impossible date, as on DuckDB (a cast of the ISO text would stop the query). -#}
    case
        when {{ regexp_full_match(text, "'[0-9]{2}/[0-9]{2}/[0-9]{2}'") }}
            then {{ valid_date_from_parts(
                dbt.concat(["'20'", dbt.split_part(text, "'/'", 3)]),
                dbt.split_part(text, "'/'", 2),
                dbt.split_part(text, "'/'", 1),
            ) }}
    end
{%- endmacro %}

{% macro duckdb__parse_short_date(text) %}
    case
        when regexp_full_match({{ text }}, '[0-9]{2}/[0-9]{2}/[0-9]{2}')
            then cast(try_strptime(regexp_replace({{ text }}, '/([0-9]{2})$', '/20\1'), '%d/%m/%Y') as date)
    end
{%- endmacro %}

{% macro bigquery__parse_short_date(text) %}
    {#- dd/mm/yy read as 20yy; safe.parse_date gives null for an impossible date (`31/02/19`), as on DuckDB
        (a plain cast would stop the query). -#}
    case
        when regexp_contains({{ text }}, r'^[0-9]{2}/[0-9]{2}/[0-9]{2}$')
            then safe.parse_date('%d/%m/%Y', concat(substr({{ text }}, 1, 6), '20', substr({{ text }}, 7, 2)))
    end
{%- endmacro %}

{% macro spark__parse_short_date(text) %}
    {#- dd/mm/yy read as 20yy; try_to_date gives null for an impossible date (`31/02/19`), as on DuckDB. -#}
    case
        when {{ text }} rlike '^[0-9]{2}/[0-9]{2}/[0-9]{2}$'
            then try_to_date(concat(substr({{ text }}, 1, 6), '20', substr({{ text }}, 7, 2)), 'dd/MM/yyyy')
    end
{%- endmacro %}
