with

source as (

    select * from {{ source('pubmed', 'pubmed_json') }}

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

        ----------  values as read
        id as raw_id,
        title as raw_title,
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
        case when raw_id is distinct from publication_id then raw_id end as raw_id,
        case when raw_title is distinct from title then raw_title end as raw_title,
        case when raw_date is distinct from date_text then raw_date end as raw_date,
        case when raw_journal is distinct from journal then raw_journal end as raw_journal

    from parsed

)

select * from final
