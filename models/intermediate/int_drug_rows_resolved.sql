-- Decides what each row of the drugs files becomes: a drug, a duplicate merged into one, or a rejected row.

with

drug_rows as (

    select * from {{ ref('stg_drugs__drugs') }}

),

identified as (

    select
        *,
        coalesce(
            atccode,
            case when name_words <> '' then {{ generated_id(['name_words']) }} end
        ) as drug_id,
        case
            when load_issue is not null then load_issue
            when atccode is null and drug_name is null then 'empty_row'
            when drug_name is null then 'missing_drug_name'
            when name_words = '' then 'drug_name_without_words'
        end as invalid_reason

    from drug_rows

),

valid_rows as (

    select * from identified
    where invalid_reason is null

),

ordered as (

    -- Rows with the same code and the same name words are one drug, kept from its first row.
    select
        *,
        row_number() over (
            partition by drug_id, name_words order by source_file, source_row
        ) as row_in_group,
        first_value(source_file) over (
            partition by drug_id, name_words order by source_file, source_row
        ) as group_first_file,
        first_value(source_row) over (
            partition by drug_id, name_words order by source_file, source_row
        ) as group_first_row

    from valid_rows

),

ranked as (

    -- One code given to different names: the name found first keeps it.
    select
        *,
        dense_rank() over (
            partition by drug_id order by group_first_file, group_first_row, name_words
        ) as id_claim_rank

    from ordered

),

name_ranked as (

    -- One name given to different codes: among the drugs that kept their code, the code found first keeps
    -- the name (a drug is one node, so that a title mentions it once and its node id stays the first code).
    select
        *,
        dense_rank() over (
            partition by name_words, id_claim_rank order by group_first_file, group_first_row, drug_id
        ) as name_claim_rank

    from ranked

),

resolved as (

    select
        source_file,
        source_row,
        drug_id,
        atccode,
        drug_name,
        name_words,
        case
            when id_claim_rank > 1 or name_claim_rank > 1 then 'rejected'
            when row_in_group = 1 then 'drug'
            else 'merged'
        end as resolution,
        case
            when id_claim_rank > 1 then 'conflicting_duplicate_atccode'
            when name_claim_rank > 1 then 'conflicting_duplicate_drug_name'
        end as rejection_reason,
        raw_atccode,
        raw_drug

    from name_ranked

    union all

    select
        source_file,
        source_row,
        drug_id,
        atccode,
        drug_name,
        name_words,
        'rejected' as resolution,
        invalid_reason as rejection_reason,
        raw_atccode,
        raw_drug

    from identified
    where invalid_reason is not null

)

select * from resolved
