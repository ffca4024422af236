{#- One row per day of the sales period, days without sales included with 0. The calendar is dbt's own portable
    series (dbt.generate_series: numbers 1 to n from cross joins of a two-row table), as many days as the period
    holds, counted in Jinja (sales_period_days) so that compiling never queries the warehouse. -#}
with

transactions as (

    select * from {{ ref('stg_sales__transactions') }}

),

day_numbers as (

    {{ dbt.generate_series(sales_period_days()) }}

),

calendar as (

    select
        cast(
            {{ dbt.dateadd(
                'day',
                'cast(generated_number as ' ~ dbt.type_int() ~ ') - 1',
                "cast('" ~ sales_period_start() ~ "' as date)",
            ) }}
            as date
        ) as calendar_date

    from day_numbers

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
