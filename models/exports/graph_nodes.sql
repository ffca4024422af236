-- depends_on: {{ ref('output_folder') if target.type == 'duckdb' else 'the output folder is only made on DuckDB' }}
-- Nodes of the drug graph: every drug, and the publications and journals linked to at least one drug.

with

drugs as (

    select * from {{ ref('dim_drugs') }}

),

publications as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution = 'publication'

),

matched_rows as (

    -- The rows drugs were found in carry their titles: the export reads no other title.
    select * from {{ ref('int_drug_mentions_matched') }}

),

journals as (

    select * from {{ ref('dim_journals') }}

),

mentions as (

    select * from {{ ref('fct_drug_mentions') }}

),

mentioned_journals as (

    select distinct journal_id from mentions
    where journal_id is not null

),

drug_nodes as (

    select
        {{ dbt.concat(["'drug:'", 'drug_id']) }} as node_id,
        'drug' as node_kind,
        {{ json_object([
            ('id', dbt.concat(["'drug:'", 'drug_id'])),
            ('kind', "'drug'"),
            ('atccode', 'atccode'),
            ('name', 'drug_name'),
        ]) }} as node_json

    from drugs

),

publication_nodes as (

    -- As in fct_drug_mentions: the matched rows that are publications' own rows (the rows merged into a
    -- publication share its title, so its own row is matched too).
    select distinct
        publications.publication_key as node_id,
        publications.source_kind as node_kind,
        {{ json_object([
            ('id', 'publications.publication_key'),
            ('kind', 'publications.source_kind'),
            ('publication_id', 'publications.publication_id'),
            ('title', 'matched_rows.title'),
            ('date', 'cast(publications.published_on as ' ~ dbt.type_string() ~ ')'),
        ]) }} as node_json

    from matched_rows
    inner join publications
        on
            matched_rows.source_file = publications.source_file
            and matched_rows.source_row = publications.source_row

),

journal_nodes as (

    select
        {{ dbt.concat(["'journal:'", 'journals.journal_id']) }} as node_id,
        'journal' as node_kind,
        {{ json_object([
            ('id', dbt.concat(["'journal:'", 'journals.journal_id'])),
            ('kind', "'journal'"),
            ('name', 'journals.journal_name'),
        ]) }} as node_json

    from journals
    inner join mentioned_journals
        on journals.journal_id = mentioned_journals.journal_id

),

unioned as (

    select * from drug_nodes
    union all
    select * from publication_nodes
    union all
    select * from journal_nodes

)

select * from unioned
