with

transactions as (

    select * from {{ ref('stg_sales__transactions') }}

),

products as (

    select * from {{ ref('stg_sales__product_nomenclature') }}

),

period_order_lines as (

    select
        transactions.order_line_id,
        transactions.client_id,
        transactions.product_id,
        transactions.sales_amount,
        transactions.order_date,
        coalesce(products.product_type, 'UNKNOWN') as product_type

    from transactions
    left join products
        on transactions.product_id = products.product_id
    where {{ in_sales_period('transactions.order_date') }}

)

select * from period_order_lines
