{{ config(severity='warn') }}

{#- Warns about the order lines of the sales period whose product is missing from the nomenclature: they are
    counted as type UNKNOWN in `ventes_inconnues` of fct_sales_client_product_types, not dropped. -#}

with

transactions as (

    select * from {{ ref('stg_sales__transactions') }}

),

products as (

    select * from {{ ref('stg_sales__product_nomenclature') }}

),

final as (

    select
        transactions.order_line_id,
        transactions.client_id,
        transactions.product_id,
        transactions.order_date,
        transactions.sales_amount

    from transactions
    left join products
        on transactions.product_id = products.product_id
    where
        products.product_id is null
        and transactions.order_date
        between cast('{{ sales_period_start() }}' as date) and cast('{{ sales_period_end() }}' as date)

)

select * from final
