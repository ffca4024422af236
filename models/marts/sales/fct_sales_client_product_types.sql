with

order_lines as (

    select * from {{ ref('int_sales_order_lines_in_period') }}

),

final as (

    select
        client_id,
        cast(sum(case when product_type = 'MEUBLE' then sales_amount else 0 end) as decimal(18, 2)) as ventes_meuble,
        cast(sum(case when product_type = 'DECO' then sales_amount else 0 end) as decimal(18, 2)) as ventes_deco,
        cast(sum(case when product_type = 'UNKNOWN' then sales_amount else 0 end) as decimal(18, 2)) as ventes_inconnues

    from order_lines
    group by client_id

)

select * from final
