with

transactions as (

    select * from {{ ref('stg_sales__transactions') }}

),

products as (

    select * from {{ ref('stg_sales__product_nomenclature') }}

),

period_transactions as (

    select * from transactions
    where order_date between cast('{{ sales_period_start() }}' as date) and cast('{{ sales_period_end() }}' as date)

),

typed_transactions as (

    select
        period_transactions.client_id,
        period_transactions.sales_amount,
        {#- a product missing from the nomenclature is kept, as type UNKNOWN -#}
        coalesce(products.product_type, 'UNKNOWN') as product_type

    from period_transactions
    left join products
        on period_transactions.product_id = products.product_id

),

final as (

    select
        client_id,
        cast(sum(case when product_type = 'MEUBLE' then sales_amount else 0 end) as decimal(18, 2)) as ventes_meuble,
        cast(sum(case when product_type = 'DECO' then sales_amount else 0 end) as decimal(18, 2)) as ventes_deco,
        cast(sum(case when product_type = 'UNKNOWN' then sales_amount else 0 end) as decimal(18, 2)) as ventes_inconnues

    from typed_transactions
    group by client_id

)

select * from final
