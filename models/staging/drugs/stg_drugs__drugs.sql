with

source as (

    select * from {{ source('drugs', 'drugs') }}

),

cleaned as (

    select
        ----------  provenance
        source_file,
        source_row,

        ----------  ids
        upper({{ clean_text('atccode') }}) as atccode,

        ----------  strings
        {{ clean_text('drug') }} as drug_name,

        ----------  values as written, for the rejected-rows report
        atccode as raw_atccode,
        drug as raw_drug

    from source

),

normalized as (

    select
        *,
        {{ normalize_words('drug_name') }} as name_words

    from cleaned

)

select * from normalized
