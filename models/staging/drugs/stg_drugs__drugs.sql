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

        ----------  values as read
        atccode as raw_atccode,
        drug as raw_drug,

        ----------  what the loader found
        load_issue

    from source

),

normalized as (

    select
        source_file,
        source_row,
        atccode,
        drug_name,
        {{ normalize_words('drug_name') }} as name_words,

        ----------  values as written where cleaning changed them (null: as the cleaned value)
        nullif(raw_atccode, atccode) as raw_atccode,
        nullif(raw_drug, drug_name) as raw_drug,
        load_issue

    from cleaned

)

select * from normalized
