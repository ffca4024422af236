with

order_lines as (

    select * from {{ ref('stg_sales__transactions') }}

)

select * from order_lines
