with

source as (

    select * from {{ ref('product_nomenclature') }}

),

renamed as (

    select
        ----------  ids
        trim(cast(product_id as {{ dbt.type_string() }})) as product_id,

        ----------  strings
        upper(trim(cast(product_type as {{ dbt.type_string() }}))) as product_type,
        trim(cast(product_name as {{ dbt.type_string() }})) as product_name

    from source

)

select * from renamed
