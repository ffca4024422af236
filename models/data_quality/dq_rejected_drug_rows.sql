-- Rows of the drugs files rejected (int_drug_rows_resolved), with their values as read. Read by dq_rejected_rows.
with

drug_rows as (

    select * from {{ ref('int_drug_rows_resolved') }}
    where resolution = 'rejected'

),

final as (

    select
        'drug' as record_kind,
        source_file,
        source_row,
        rejection_reason,
        coalesce(raw_atccode, atccode) as raw_id,
        coalesce(raw_drug, drug_name) as raw_text,
        cast(null as {{ dbt.type_string() }}) as raw_date,
        cast(null as {{ dbt.type_string() }}) as raw_journal

    from drug_rows

)

select * from final
