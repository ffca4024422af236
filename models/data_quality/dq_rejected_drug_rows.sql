-- Rows of the drugs files rejected (int_drug_rows_resolved), with their values as read. Read by dq_rejected_rows.
with

resolved_rows as (

    select * from {{ ref('int_drug_rows_resolved') }}
    where resolution = 'rejected'

),

drug_rows as (

    select * from {{ ref('stg_drugs__drugs') }}

),

final as (

    select
        'drug' as record_kind,
        drug_rows.source_file,
        drug_rows.source_row,
        resolved_rows.rejection_reason,
        coalesce(drug_rows.raw_atccode, drug_rows.atccode) as raw_id,
        coalesce(drug_rows.raw_drug, drug_rows.drug_name) as raw_text,
        cast(null as {{ dbt.type_string() }}) as raw_date,
        cast(null as {{ dbt.type_string() }}) as raw_journal

    from resolved_rows
    inner join drug_rows
        on
            resolved_rows.source_file = drug_rows.source_file
            and resolved_rows.source_row = drug_rows.source_row

)

select * from final
