with

drugs as (

    select * from {{ ref('int_drug_rows_resolved') }}
    where resolution = 'drug'

),

final as (

    select
        drug_id,
        atccode,
        drug_name,
        name_words,
        source_file,
        source_row

    from drugs

)

select * from final
