-- Question 1: revenue (sum of prod_price * prod_qty) day by day, from 1 January 2019 to 31 December 2019
-- (vars sales_period_start / sales_period_end), sorted by date.
-- Textbook answer: only the days with at least one sale are listed. The mart fct_sales_daily_revenue lists
-- every day of the period, with 0 for a day without sales.
-- Run: dbt show --select sales_daily_revenue --output json --quiet --limit -1

select
    order_lines.order_date as date,  -- noqa: RF04
    sum(order_lines.unit_price * order_lines.quantity) as ventes

from {{ ref('stg_sales__transactions') }} as order_lines
where {{ in_sales_period('order_lines.order_date') }}
group by order_lines.order_date
order by order_lines.order_date
