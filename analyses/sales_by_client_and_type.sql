-- Question 2: per client, from 1 January 2019 to 31 December 2019 (vars sales_period_start / sales_period_end),
-- the sales (sum of prod_price * prod_qty) of furniture (MEUBLE) and of decoration (DECO).
-- A client who bought only one type gets 0, not null, for the other. Sales of products missing from the
-- nomenclature are in neither column (a client who bought only such products shows 0 and 0): the mart
-- fct_sales_client_product_types counts them in ventes_inconnues and the test sales_unknown_products_in_period
-- warns about them.
-- Run: dbt show --select sales_by_client_and_type --output json --quiet --limit -1

select
    order_lines.client_id,
    sum(
        case when products.product_type = 'MEUBLE' then order_lines.unit_price * order_lines.quantity else 0 end
    ) as ventes_meuble,
    sum(
        case when products.product_type = 'DECO' then order_lines.unit_price * order_lines.quantity else 0 end
    ) as ventes_deco

from {{ ref('stg_sales__transactions') }} as order_lines
left join {{ ref('stg_sales__product_nomenclature') }} as products
    on order_lines.product_id = products.product_id
where {{ in_sales_period('order_lines.order_date') }}
group by order_lines.client_id
order by order_lines.client_id
