-- A drug is mentioned in a publication row when the words of its name are consecutive whole words of the
-- title. Titles are split into words once and joined to the first word of each drug name (a hash join, so
-- the cost grows with the titles, not titles x drugs); the few candidates are then checked on the full name.
-- A row per word carries its title only when the title is short (carried_title_length): carrying every title
-- made the join's build side words x title bytes, the square of a long title; the candidates of a longer
-- title fetch it again by key (docs/performance.md, "Long titles"). Only names of several words need the
-- title's words again.
-- Every valid row is matched, before rows are merged into publications: a title is matched once, when its
-- file is loaded, and the marts keep the rows that became publications. The title goes along for the graph
-- export, so that it never has to read the titles of the publications no drug is mentioned in.
-- The rows of a withdrawn raw file (changed or vanished) are deleted first
-- (macros/incremental/withdrawn_raw_files.sql).
{{ config(
    unique_key=['source_file', 'source_row', 'drug_id'],
    pre_hook="{{ delete_rows_of_withdrawn_files(this) }}",
    meta={'column_compression': {'title': 'zstd'}},
) }}
{%- set loaded = newer_than_model(this) %}

with

publication_words as (

    select
        source_file,
        source_row,
        loaded_at,
        {{ normalize_words('title') }} as title_words,
        case when {{ dbt.length('title') }} <= {{ carried_title_length() }} then title end as carried_title

    from {{ ref('int_publication_rows_unioned') }}
    where rejection_reason is null and {{ loaded }}

),

drugs as (

    select
        drug_id,
        name_words,
        {{ dbt.split_part('name_words', "' '", 1) }} as first_word

    from {{ ref('int_drug_rows_resolved') }}
    where resolution = 'drug'

),

title_words as (

    {{ explode_words(
        'publication_words', ['source_file', 'source_row', 'loaded_at', 'carried_title'], 'title_words'
    ) }}

),

candidates as (

    select distinct
        title_words.source_file,
        title_words.source_row,
        title_words.loaded_at,
        title_words.carried_title,
        drugs.drug_id,
        drugs.name_words,
        drugs.first_word

    from title_words
    inner join drugs
        on title_words.word = drugs.first_word

),

-- the titles too long to be carried, read again for their candidates only
long_titles as (

    select
        source_file,
        source_row,
        title

    from {{ ref('int_publication_rows_unioned') }} as publication_rows
    where
        rejection_reason is null and {{ loaded }}
        and exists (
            select 1 from candidates
            where
                candidates.carried_title is null
                and candidates.source_file = publication_rows.source_file
                and candidates.source_row = publication_rows.source_row
        )

),

candidate_titles as (

    select
        candidates.drug_id,
        candidates.source_file,
        candidates.source_row,
        candidates.name_words,
        candidates.first_word,
        candidates.loaded_at,
        coalesce(candidates.carried_title, long_titles.title) as title

    from candidates
    left join long_titles
        on
            candidates.source_file = long_titles.source_file
            and candidates.source_row = long_titles.source_row

),

matched as (

    select
        drug_id,
        source_file,
        source_row,
        title,
        loaded_at

    from candidate_titles
    where
        -- a one-word name matched its word already
        case
            when name_words = first_word then true
            else {{ dbt.position(
                dbt.concat(["' '", 'name_words', "' '"]),
                dbt.concat(["' '", normalize_words('title'), "' '"])
            ) }} > 0
        end

)

select * from matched
