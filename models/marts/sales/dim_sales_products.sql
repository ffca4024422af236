with

products as (

    select * from {{ ref('stg_sales__product_nomenclature') }}

)

select * from products
