{#- One row per day of the sales period, days without sales included with 0. The calendar is built portably
    from a numbers CTE (digits 0-9 cross joined four times: up to 10,000 days), no warehouse-specific series. -#}
{%- set period_days = sales_period_days() -%}
{%- if period_days > 10000 -%}
    {{ exceptions.raise_compiler_error("Sales period: " ~ period_days ~ " days, the calendar holds at most 10,000.") }}
{%- endif -%}

with

transactions as (

    select * from {{ ref('stg_sales__transactions') }}

),

digits as (

    select 0 as digit
    union all
    select 1 as digit
    union all
    select 2 as digit
    union all
    select 3 as digit
    union all
    select 4 as digit
    union all
    select 5 as digit
    union all
    select 6 as digit
    union all
    select 7 as digit
    union all
    select 8 as digit
    union all
    select 9 as digit

),

day_offsets as (

    select thousands.digit * 1000 + hundreds.digit * 100 + tens.digit * 10 + units.digit as day_offset

    from digits as units
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands

),

calendar as (

    select
        cast(
            {{ dbt.dateadd('day', 'day_offset', "cast('" ~ sales_period_start() ~ "' as date)") }}
            as date
        ) as calendar_date

    from day_offsets
    where day_offset < {{ period_days }}

),

daily_sales as (

    select
        order_date,
        sum(sales_amount) as ventes

    from transactions
    where order_date between cast('{{ sales_period_start() }}' as date) and cast('{{ sales_period_end() }}' as date)
    group by order_date

),

final as (

    select
        calendar.calendar_date as date,  -- noqa: RF04
        cast(coalesce(daily_sales.ventes, 0) as decimal(18, 2)) as ventes

    from calendar
    left join daily_sales
        on calendar.calendar_date = daily_sales.order_date

)

select * from final
