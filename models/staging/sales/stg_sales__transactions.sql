{#- The product column is `prod_id`, or `prop_id` as the exercise's sample header spells it. -#}
{%- set product_id_column = transactions_product_id_column(ref('transactions')) -%}

with

source as (

    select * from {{ ref('transactions') }}

),

renamed as (

    select
        ----------  ids
        trim(cast(order_id as {{ dbt.type_string() }})) as order_id,
        trim(cast(client_id as {{ dbt.type_string() }})) as client_id,
        trim(cast({{ product_id_column }} as {{ dbt.type_string() }})) as product_id,

        ----------  numerics
        cast(trim(cast(prod_price as {{ dbt.type_string() }})) as decimal(18, 2)) as unit_price,
        cast(trim(cast(prod_qty as {{ dbt.type_string() }})) as {{ dbt.type_int() }}) as quantity,

        ----------  dates
        {{ parse_short_date('trim(cast(date as ' ~ dbt.type_string() ~ '))') }} as order_date

    from source

),

numbered as (

    select
        *,
        cast(unit_price * quantity as decimal(18, 2)) as sales_amount,
        row_number() over (
            partition by order_id
            order by product_id, unit_price, quantity
        ) as order_line_number

    from renamed

),

order_lines as (

    select
        ----------  ids
        order_id,
        order_line_number,
        client_id,
        product_id,

        ----------  numerics
        unit_price,
        quantity,
        sales_amount,

        ----------  dates
        order_date,

        ----------  key
        {{ dbt.concat(['order_id', "'-'", 'cast(order_line_number as ' ~ dbt.type_string() ~ ')']) }} as order_line_id

    from numbered

)

select * from order_lines
