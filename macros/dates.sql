{#- The date rule of the publications, in one file: the layouts a date may be written in (date_formats), how
    a text's layout is found (date_format_of), when a date is ambiguous (is_date_ambiguous), and how it is read on
    each engine (parse_date and its variants). A new layout is one more entry in date_formats(): every engine's
    parser, the layout column and its accepted-values test follow. -#}

{% macro date_formats() %}
    {#- The layouts a publication date may be written in, in the order they are tried. Each gives its name (the
        value of `date_format`), the regular expression the whole text matches, the character between its three
        parts and what each part is (`day`, `month`, `month_name`: an English month name, full or abbreviated, in
        any case; `year`), whether a text of it with day and month both 12 or less is ambiguous (read month first,
        it would give another date), and the patterns of the engines' own parsers: `strptime` (DuckDB's
        try_strptime, BigQuery's parse_date) and `spark` (Spark's try_to_date), tried in order. -#}
    {{ return([
        {
            'name': 'dd/mm/yyyy', 'regex': '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}', 'separator': '/',
            'parts': ['day', 'month', 'year'], 'ambiguous_when_day_and_month_le_12': true,
            'strptime': ['%d/%m/%Y'], 'spark': ['d/M/yyyy'],
        },
        {
            'name': 'yyyy-mm-dd', 'regex': '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}', 'separator': '-',
            'parts': ['year', 'month', 'day'], 'ambiguous_when_day_and_month_le_12': false,
            'strptime': ['%Y-%m-%d'], 'spark': ['yyyy-M-d'],
        },
        {
            'name': 'd month yyyy', 'regex': '[0-9]{1,2} [A-Za-z]+ [0-9]{4}', 'separator': ' ',
            'parts': ['day', 'month_name', 'year'], 'ambiguous_when_day_and_month_le_12': false,
            'strptime': ['%d %B %Y', '%d %b %Y'], 'spark': ['d MMMM yyyy', 'd MMM yyyy'],
        },
    ]) }}
{%- endmacro %}

{% macro date_format_names() %}
    {#- The names of the date layouts (date_formats), in order: the values `date_format` may take. -#}
    {{ return(date_formats() | map(attribute='name') | list) }}
{%- endmacro %}

{% macro date_format_of(text) %}
    {#- The layout of a date text (a name from date_formats), or null for anything else. -#}
    case
        {%- for format in date_formats() %}
        when {{ regexp_full_match(text, "'" ~ format.regex ~ "'") }} then '{{ format.name }}'
        {%- endfor %}
    end
{%- endmacro %}

{% macro is_date_ambiguous(text, date_format) %}
    {#- True for a text whose layout (given by `date_format`, see date_format_of) has its day and month in digits
        (ambiguous_when_day_and_month_le_12 in date_formats) and whose day and month are both 12 or less: read the
        other way round, it would give another date. -#}
    case
        {%- for format in date_formats() if format.ambiguous_when_day_and_month_le_12 %}
        when {{ date_format }} = '{{ format.name }}'
            then cast({{ date_part_text(text, format, 'day') }} as {{ dbt.type_int() }}) <= 12
            and cast({{ date_part_text(text, format, 'month') }} as {{ dbt.type_int() }}) <= 12
        {%- endfor %}
        else false
    end
{%- endmacro %}

{% macro date_part_text(text, format, part) %}
    {#- The text of one part (`day`, `month`, `month_name`, `year`) of a date text written in `format` (an entry
        of date_formats). -#}
    {{- dbt.split_part(text, "'" ~ format.separator ~ "'", format.parts.index(part) + 1) -}}
{%- endmacro %}

{% macro parse_date(text) %}
    {#- The date a text written in one of the layouts of date_formats means; null when it is in none of them or
        is not a real date. -#}
    {{ return(adapter.dispatch('parse_date', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__parse_date(text) %}
    {#- For the engines with no lenient date parser (PostgreSQL, Redshift, Snowflake): day, month and year taken
        from the layout (date_format_of), then checked (valid_date_from_parts), as their own parsers stop the
        query on an impossible date. -#}
    case {{ date_format_of(text) }}
        {%- for format in date_formats() %}
        {%- set month = date_part_text(text, format, 'month') if 'month' in format.parts
            else month_number(date_part_text(text, format, 'month_name')) %}
        when '{{ format.name }}' then {{ valid_date_from_parts(
            date_part_text(text, format, 'year'), month, date_part_text(text, format, 'day')
        ) }}
        {%- endfor %}
    end
{%- endmacro %}

{% macro duckdb__parse_date(text) %}
    {#- try_strptime tries each pattern in turn and gives null for an impossible date. -#}
    {%- set patterns = [] -%}
    {%- for format in date_formats() -%}
        {%- for pattern in format.strptime -%}
            {%- do patterns.append("'" ~ pattern ~ "'") -%}
        {%- endfor -%}
    {%- endfor %}
    cast(try_strptime({{ text }}, [{{ patterns | join(', ') }}]) as date)
{%- endmacro %}

{% macro bigquery__parse_date(text) %}
    {#- safe.parse_date gives null for an impossible date; %B and %b read full and abbreviated English month
        names. -#}
    case {{ date_format_of(text) }}
        {%- for format in date_formats() %}
        when '{{ format.name }}' then {{ first_date_of(format.strptime, "safe.parse_date('", "', " ~ text ~ ")") }}
        {%- endfor %}
    end
{%- endmacro %}

{% macro spark__parse_date(text) %}
    {#- try_to_date gives null for an impossible date; `d` and `M` read one or two digits, `MMM`/`MMMM` English
        month names in any case. -#}
    case {{ date_format_of(text) }}
        {%- for format in date_formats() %}
        when '{{ format.name }}' then {{ first_date_of(format.spark, "try_to_date(" ~ text ~ ", '", "')") }}
        {%- endfor %}
    end
{%- endmacro %}

{% macro first_date_of(patterns, before, after) %}
    {#- An engine's parser called with each pattern (`before`, the pattern, `after`): the first non-null date. -#}
    {%- set calls = [] -%}
    {%- for pattern in patterns -%}
        {%- do calls.append(before ~ pattern ~ after) -%}
    {%- endfor -%}
    {{- calls[0] if calls | length == 1 else 'coalesce(' ~ calls | join(', ') ~ ')' -}}
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
