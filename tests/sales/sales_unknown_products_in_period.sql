{{ config(severity='warn') }}

{#- Warns about the order lines of the sales period whose product is missing from the nomenclature: they are
    counted as type UNKNOWN in `ventes_inconnues` of fct_sales_client_product_types, not dropped. -#}

with

order_lines as (

    select * from {{ ref('int_sales_order_lines_in_period') }}

),

final as (

    select
        order_line_id,
        client_id,
        product_id,
        order_date,
        sales_amount

    from order_lines
    where product_type = 'UNKNOWN'

)

select * from final
