with

publication_rows as {{ not_materialized() }} (

    select * from {{ ref('int_publication_rows_unioned') }}

),

resolved_publication_rows as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution = 'rejected'

),

drug_rows as (

    select * from {{ ref('stg_drugs__drugs') }}

),

resolved_drug_rows as (

    select * from {{ ref('int_drug_rows_resolved') }}
    where resolution = 'rejected'

),

invalid_publications as (

    select
        source_kind as record_kind,
        source_file,
        source_row,
        rejection_reason,
        coalesce(raw_id, publication_id) as raw_id,
        coalesce(raw_title, title) as raw_text,
        coalesce(raw_date, date_text) as raw_date,
        coalesce(raw_journal, journal) as raw_journal

    from publication_rows
    where rejection_reason is not null

),

conflicting_publications as (

    select
        publication_rows.source_kind as record_kind,
        publication_rows.source_file,
        publication_rows.source_row,
        resolved_publication_rows.rejection_reason,
        coalesce(publication_rows.raw_id, publication_rows.publication_id) as raw_id,
        coalesce(publication_rows.raw_title, publication_rows.title) as raw_text,
        coalesce(publication_rows.raw_date, publication_rows.date_text) as raw_date,
        coalesce(publication_rows.raw_journal, publication_rows.journal) as raw_journal

    from resolved_publication_rows
    inner join publication_rows
        on
            resolved_publication_rows.source_file = publication_rows.source_file
            and resolved_publication_rows.source_row = publication_rows.source_row

),

rejected_drugs as (

    select
        'drug' as record_kind,
        drug_rows.source_file,
        drug_rows.source_row,
        resolved_drug_rows.rejection_reason,
        coalesce(drug_rows.raw_atccode, drug_rows.atccode) as raw_id,
        coalesce(drug_rows.raw_drug, drug_rows.drug_name) as raw_text,
        cast(null as {{ dbt.type_string() }}) as raw_date,
        cast(null as {{ dbt.type_string() }}) as raw_journal

    from resolved_drug_rows
    inner join drug_rows
        on
            resolved_drug_rows.source_file = drug_rows.source_file
            and resolved_drug_rows.source_row = drug_rows.source_row

),

unioned as (

    select * from invalid_publications
    union all
    select * from conflicting_publications
    union all
    select * from rejected_drugs

)

select * from unioned
