with

source as (

    select * from {{ source('clinical_trials', 'clinical_trials') }}

),

cleaned as (

    select
        ----------  provenance
        'clinical_trial' as source_kind,
        source_file,
        source_row,

        ----------  ids
        {{ clean_text('id') }} as publication_id,

        ----------  strings
        {{ clean_text('scientific_title') }} as title,
        {{ clean_text('journal') }} as journal,

        ----------  dates
        {{ clean_text('date') }} as date_text,

        ----------  values as read
        id as raw_id,
        scientific_title as raw_title,
        date as raw_date,
        journal as raw_journal

    from source

),

laid_out as (

    select
        *,
        {{ date_format_of('date_text') }} as date_format

    from cleaned

),

parsed as (

    select
        *,
        case when date_format is not null then {{ parse_date('date_text') }} end as published_on,
        {{ is_date_ambiguous('date_text', 'date_format') }} as is_date_ambiguous

    from laid_out

),

final as (

    select
        source_kind,
        source_file,
        source_row,
        publication_id,
        title,
        journal,
        date_text,
        date_format,
        published_on,
        is_date_ambiguous,

        ----------  values as written where cleaning changed them (null: as the cleaned value)
        nullif(raw_id, publication_id) as raw_id,
        nullif(raw_title, title) as raw_title,
        nullif(raw_date, date_text) as raw_date,
        nullif(raw_journal, journal) as raw_journal

    from parsed

)

select * from final
