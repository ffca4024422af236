-- A drug is mentioned in a publication row when the words of its name are consecutive whole words of the
-- title. Titles are split into words once and joined to the first word of each drug name (a hash join, so
-- the cost grows with the titles, not titles x drugs); the few candidates are then checked on the full name.
-- A row per word holds only the row's key and the word: carrying the title along made the join's build
-- side words x title bytes, the square of a long title (see docs/performance.md, "Long titles"). The
-- candidates fetch their title again by key, and only names of several words need its words again.
-- Every valid row is matched, before rows are merged into publications: a title is matched once, when its
-- file is loaded, and the marts keep the rows that became publications. The title goes along for the graph
-- export, so that it never has to read the titles of the publications no drug is mentioned in.
-- The rows of a withdrawn raw file (changed or vanished) are deleted first (macros/withdrawn_raw_files.sql).
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
        {{ normalize_words('title') }} as title_words

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

    {{ explode_words('publication_words', ['source_file', 'source_row'], 'title_words') }}

),

candidates as (

    select distinct
        title_words.source_file,
        title_words.source_row,
        drugs.drug_id,
        drugs.name_words,
        drugs.first_word

    from title_words
    inner join drugs
        on title_words.word = drugs.first_word

),

-- the titles of the rows with a candidate, read again rather than shared (a CTE used twice is materialized,
-- titles and all) and filtered first, so that the join below is between the few candidates and their titles
candidate_rows as (

    select
        source_file,
        source_row,
        loaded_at,
        title

    from {{ ref('int_publication_rows_unioned') }} as publication_rows
    where
        rejection_reason is null and {{ loaded }}
        and exists (
            select 1 from candidates
            where
                candidates.source_file = publication_rows.source_file
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
        candidate_rows.title,
        candidate_rows.loaded_at

    from candidates
    inner join candidate_rows
        on
            candidates.source_file = candidate_rows.source_file
            and candidates.source_row = candidate_rows.source_row

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
