{% macro stage_publication_rows(source_relation, source_kind, title_column) %}
{#- The body of a publication staging model (PubMed CSV, PubMed JSON, clinical trials): one row per raw row,
    text cleaned, date parsed, the reason the row cannot be a publication, the values as read kept where
    cleaning changed them. Incremental: a run loads only the files the model has not loaded yet. -#}
with

source as (

    {{ raw_rows_to_load(source_relation) }}

),

cleaned as (

    select
        ----------  provenance
        '{{ source_kind }}' as source_kind,
        source_file,
        source_row,
        {{ run_loaded_at() }} as loaded_at,

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
        journal as raw_journal,

        ----------  what the loader found
        load_issue

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

validated as (

    select
        *,
        case
            when load_issue is not null then load_issue
            when publication_id is null and title is null and date_text is null and journal is null
                then 'empty_row'
            when title is null then 'missing_title'
            when {{ dbt.length('title') }} > {{ max_title_length() }} then 'title_too_long'
            when date_text is null then 'missing_date'
            when date_format is null then 'unknown_date_format'
            when published_on is null then 'invalid_date'
        end as rejection_reason

    from parsed

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
        rejection_reason,
        loaded_at,

        ----------  values as written where cleaning changed them (null: as the cleaned value)
        nullif(raw_id, publication_id) as raw_id,
        nullif(raw_title, title) as raw_title,
        nullif(raw_date, date_text) as raw_date,
        nullif(raw_journal, journal) as raw_journal

    from validated

)

select * from final
{% endmacro %}
