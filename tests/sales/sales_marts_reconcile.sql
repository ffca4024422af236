{#- Fails when the two sales marts disagree on the total of the period: every order line of the period counts
    once in the daily revenue and once, whatever its type, in the per-client sales. -#}

with

daily_revenue as (

    select coalesce(sum(ventes), 0) as total_sales
    from {{ ref('fct_sales_daily_revenue') }}

),

client_sales as (

    select coalesce(sum(ventes_meuble + ventes_deco + ventes_inconnues), 0) as total_sales
    from {{ ref('fct_sales_client_product_types') }}

),

final as (

    select
        daily_revenue.total_sales as daily_revenue_total,
        client_sales.total_sales as client_sales_total

    from daily_revenue
    cross join client_sales
    where daily_revenue.total_sales <> client_sales.total_sales

)

select * from final
