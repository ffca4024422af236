{% macro sales_period_start() %}
    {#- First day of the sales reporting period (inclusive), as yyyy-mm-dd text: var `sales_period_start`,
        by default 2019-01-01. -#}
    {{ return(_sales_period_date('sales_period_start', '2019-01-01')) }}
{%- endmacro %}

{% macro sales_period_end() %}
    {#- Last day of the sales reporting period (inclusive), as yyyy-mm-dd text: var `sales_period_end`,
        by default 2019-12-31. -#}
    {{ return(_sales_period_date('sales_period_end', '2019-12-31')) }}
{%- endmacro %}

{% macro sales_period_days() %}
    {#- Number of days of the sales period, both ends included; stops the run when the end is before the start. -#}
    {%- set start = modules.datetime.date.fromisoformat(sales_period_start()) -%}
    {%- set end = modules.datetime.date.fromisoformat(sales_period_end()) -%}
    {%- set days = (end - start).days + 1 -%}
    {%- if days < 1 -%}
        {{ exceptions.raise_compiler_error(
            "Sales period: sales_period_end (" ~ end ~ ") is before sales_period_start (" ~ start ~ ")."
        ) }}
    {%- endif -%}
    {{ return(days) }}
{%- endmacro %}

{% macro _sales_period_date(name, default) %}
    {#- The var `name` as yyyy-mm-dd text; stops the run when it is not a date in that layout. -#}
    {%- set value = var(name, default) | string | trim -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {{ exceptions.raise_compiler_error("Sales period: var " ~ name ~ " must be a yyyy-mm-dd date, got '" ~ value ~ "'.") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{% macro in_sales_period(date_column) %}
    {#- The filter keeping the rows whose `date_column` falls in the sales period, both ends included: the one
        place the period is applied (int_sales_order_lines_in_period, which the marts read, and the analyses). -#}
    {{ return(
        date_column ~ " between cast('" ~ sales_period_start() ~ "' as date) and cast('"
        ~ sales_period_end() ~ "' as date)"
    ) }}
{%- endmacro %}
