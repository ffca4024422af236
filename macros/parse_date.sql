{% macro parse_date(text) %}
    {#- A date written dd/mm/yyyy (day first), yyyy-mm-dd, or d Month yyyy (English month name, full or
        abbreviated); null when it is in none of these formats or is not a real date. -#}
    {{ return(adapter.dispatch('parse_date', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__parse_date(text) %}
    {#- For the engines with no lenient date parser (PostgreSQL, Redshift, Snowflake): day, month and year taken
        from the layout (date_format_of), then checked (valid_date_from_parts), as their own parsers stop the
        query on an impossible date. Month names: English, full or abbreviated, in any case. -#}
    {%- set day_first = [dbt.split_part(text, "'/'", 1), dbt.split_part(text, "'/'", 2), dbt.split_part(text, "'/'", 3)] -%}
    {%- set iso = [dbt.split_part(text, "'-'", 3), dbt.split_part(text, "'-'", 2), dbt.split_part(text, "'-'", 1)] -%}
    {%- set named = [dbt.split_part(text, "' '", 1), month_number(dbt.split_part(text, "' '", 2)), dbt.split_part(text, "' '", 3)] -%}
    case {{ date_format_of(text) }}
        when 'dd/mm/yyyy' then {{ valid_date_from_parts(day_first[2], day_first[1], day_first[0]) }}
        when 'yyyy-mm-dd' then {{ valid_date_from_parts(iso[2], iso[1], iso[0]) }}
        when 'd month yyyy' then {{ valid_date_from_parts(named[2], named[1], named[0]) }}
    end
{%- endmacro %}

{% macro month_number(month_name) %}
    {#- The number of an English month name, full or abbreviated to three letters, in any case, as text; null
        for any other word. -#}
    case lower({{ month_name }})
        {%- for name in ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
                         'october', 'november', 'december'] %}
        when '{{ name }}' then '{{ loop.index }}'
        {%- if name | length > 3 %}
        when '{{ name[:3] }}' then '{{ loop.index }}'
        {%- endif %}
        {%- endfor %}
    end
{%- endmacro %}

{% macro valid_date_from_parts(year_text, month_text, day_text) %}
    {#- The date of a year, month and day given as digit texts; null when there is no such day (31/02, 29/02 of
        a common year, month 13, year 0). -#}
    {%- set year = "cast(" ~ year_text ~ " as " ~ dbt.type_int() ~ ")" -%}
    {%- set month = "cast(" ~ month_text ~ " as " ~ dbt.type_int() ~ ")" -%}
    {%- set day = "cast(" ~ day_text ~ " as " ~ dbt.type_int() ~ ")" -%}
    case
        when {{ year }} >= 1 and {{ month }} between 1 and 12 and {{ day }} >= 1 and {{ day }} <= case
            when {{ month }} in (4, 6, 9, 11) then 30
            when {{ month }} <> 2 then 31
            when mod({{ year }}, 4) = 0 and (mod({{ year }}, 100) <> 0 or mod({{ year }}, 400) = 0) then 29
            else 28
        end
            then {{ date_from_parts(year, month, day) }}
    end
{%- endmacro %}

{% macro date_from_parts(year, month, day) %}
    {#- The date of a valid year, month and day (integers). -#}
    {{ return(adapter.dispatch('date_from_parts', 'drug_graph')(year, month, day)) }}
{%- endmacro %}

{% macro default__date_from_parts(year, month, day) %}
    date_from_parts({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}

{% macro postgres__date_from_parts(year, month, day) %}
    make_date({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}

{% macro redshift__date_from_parts(year, month, day) %}
    {#- Redshift has neither make_date nor date_from_parts: the yyyymmdd number read by to_date. -#}
    to_date(lpad(cast({{ year }} * 10000 + {{ month }} * 100 + {{ day }} as varchar), 8, '0'), 'YYYYMMDD')
{%- endmacro %}

{% macro duckdb__parse_date(text) %}
    cast(try_strptime({{ text }}, ['%d/%m/%Y', '%Y-%m-%d', '%d %B %Y', '%d %b %Y']) as date)
{%- endmacro %}
