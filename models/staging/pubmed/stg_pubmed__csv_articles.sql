with

source as (

    select * from {{ source('pubmed', 'pubmed_csv') }}

),

cleaned as (

    select
        ----------  provenance
        'pubmed' as source_kind,
        source_file,
        source_row,

        ----------  ids
        {{ clean_text('id') }} as publication_id,

        ----------  strings
        {{ clean_text('title') }} as title,
        {{ clean_text('journal') }} as journal,

        ----------  dates
        {{ clean_text('date') }} as date_text,

        ----------  values as written, for the rejected-rows report
        id as raw_id,
        title as raw_title,
        date as raw_date,
        journal as raw_journal

    from source

),

parsed as (

    select
        *,
        {{ parse_date('date_text') }} as published_on,
        {{ date_format_of('date_text') }} as date_format,
        {{ is_date_ambiguous('date_text') }} as is_date_ambiguous

    from cleaned

)

select * from parsed
