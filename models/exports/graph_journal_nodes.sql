-- Journal nodes of the drug graph: the journals of at least one drug mention. Read by graph_nodes.
with

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

final as (

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

)

select * from final
