-- Drug nodes of the drug graph: every drug, linked or not. Read by graph_nodes.
with

drugs as (

    select * from {{ ref('dim_drugs') }}

),

final as (

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

)

select * from final
