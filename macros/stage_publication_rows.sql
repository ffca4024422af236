{% macro stage_publication_rows(source_relation, source_kind, title_column) %}
{#- The body of a publication staging model (PubMed CSV, PubMed JSON, clinical trials): one row per raw row,
    text cleaned, date parsed, the values as read kept where cleaning changed them. -#}
with

source as (

    select * from {{ source_relation }}

),

cleaned as (

    select
        ----------  provenance
        '{{ source_kind }}' as source_kind,
        source_file,
        source_row,

        ----------  ids
        {{ clean_text('id') }} as publication_id,

        ----------  strings
        {{ clean_text(title_column) }} as title,
        {{ clean_text('journal') }} as journal,

        ----------  dates
        {{ clean_text('date') }} as date_text,

        ----------  values as read
        id as raw_id,
        {{ title_column }} as raw_title,
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
{% endmacro %}
