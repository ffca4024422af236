-- Nodes of the drug graph: every drug, and the publications and journals linked to at least one drug.
-- Incremental: a run writes again the drug and journal nodes (a few thousand) and the nodes of the publications
-- whose own row was decided after the latest node's (see macros/incremental/delete_rows_of_changed_publications.sql).
{{ config(
    pre_hook="{{ delete_rows_of_changed_publications(ref('int_publication_rows_resolved')) }}",
    meta={'column_compression': {'node_json': 'zstd'}},
) }}

with

drugs as (

    select * from {{ ref('dim_drugs') }}

),

publications as (

    select
        changed_rows.*,
        {{ publication_key() }} as publication_key

    from {{ changed_publication_rows(ref('int_publication_rows_resolved'), '*') }} as changed_rows
    where changed_rows.resolution = 'publication'

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
        {{ drug_node_id('drug_id') }} as node_id,
        'drug' as node_kind,
        {{ json_object([
            ('id', drug_node_id('drug_id')),
            ('kind', "'drug'"),
            ('atccode', 'atccode'),
            ('name', 'drug_name'),
        ]) }} as node_json,
        cast(null as {{ dbt.type_string() }}) as publication_file,
        cast(null as {{ dbt.type_int() }}) as publication_row,
        cast(null as {{ loaded_at_type() }}) as decided_at

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
        ]) }} as node_json,
        publications.source_file as publication_file,
        publications.source_row as publication_row,
        publications.decided_at

    from matched_rows
    inner join publications
        on
            matched_rows.source_file = publications.source_file
            and matched_rows.source_row = publications.source_row

),

journal_nodes as (

    select
        {{ journal_node_id('journals.journal_id') }} as node_id,
        'journal' as node_kind,
        {{ json_object([
            ('id', journal_node_id('journals.journal_id')),
            ('kind', "'journal'"),
            ('name', 'journals.journal_name'),
        ]) }} as node_json,
        cast(null as {{ dbt.type_string() }}) as publication_file,
        cast(null as {{ dbt.type_int() }}) as publication_row,
        cast(null as {{ loaded_at_type() }}) as decided_at

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
