-- A drug is mentioned in a publication row when the words of its name are consecutive whole words of the
-- title. Titles are split into words once and joined to the first word of each drug name (a hash join, so
-- the cost grows with the titles, not titles x drugs); the few candidates are then checked on the full name.
-- Every valid row is matched, before rows are merged into publications: a title is matched once, when its
-- file is loaded, and the marts keep the rows that became publications. The title goes along for the graph
-- export, so that it never has to read the titles of the publications no drug is mentioned in.
{{ config(
    materialized=('table' if target.type == 'spark' else 'incremental'),
    incremental_strategy=('merge' if target.type == 'bigquery' else 'delete+insert'),
    unique_key=['source_file', 'source_row', 'drug_id'],
    meta={'column_compression': {'title': 'zstd'}},
) }}

with

publication_rows as (

    select
        source_file,
        source_row,
        loaded_at,
        title,
        {{ normalize_words('title') }} as title_words

    from {{ ref('int_publication_rows_validated') }}
    where rejection_reason is null and {{ loaded_after(this) }}

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
        'publication_rows', ['source_file', 'source_row', 'loaded_at', 'title', 'title_words'], 'title_words'
    ) }}

),

candidates as (

    select
        title_words.source_file,
        title_words.source_row,
        title_words.loaded_at,
        title_words.title,
        title_words.title_words,
        drugs.drug_id,
        drugs.name_words

    from title_words
    inner join drugs
        on title_words.word = drugs.first_word

),

matched as (

    select distinct
        drug_id,
        source_file,
        source_row,
        title,
        loaded_at

    from candidates
    where
        {{ dbt.position(
            dbt.concat(["' '", 'name_words', "' '"]),
            dbt.concat(["' '", 'title_words', "' '"])
        ) }} > 0

)

select * from matched
