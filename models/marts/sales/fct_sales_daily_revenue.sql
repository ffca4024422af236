with

calendar as (

    select * from {{ ref('int_sales_period_days') }}

),

order_lines as (

    select * from {{ ref('int_sales_order_lines_in_period') }}

),

daily_revenue as (

    select
        calendar.calendar_date as date,  -- noqa: RF04
        cast(coalesce(sum(order_lines.sales_amount), 0) as decimal(18, 2)) as ventes

    from calendar
    left join order_lines
        on calendar.calendar_date = order_lines.order_date
    group by calendar.calendar_date

)

select * from daily_revenue
