-- A drug is mentioned in a publication when the words of its name are consecutive whole words of the title.
-- Titles are split into words once and joined to the first word of each drug name (a hash join, so the
-- cost grows with the titles, not titles x drugs); the few candidates are then checked on the full name.

with

publications as (

    select
        publication_key,
        {{ normalize_words('title') }} as title_words

    from {{ ref('int_publication_rows_resolved') }}
    where resolution = 'publication'

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

    {{ explode_words('publications', ['publication_key', 'title_words'], 'title_words') }}

),

candidates as (

    select
        title_words.publication_key,
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
        publication_key

    from candidates
    where
        {{ dbt.position(
            dbt.concat(["' '", 'name_words', "' '"]),
            dbt.concat(["' '", 'title_words', "' '"])
        ) }} > 0

)

select * from matched
