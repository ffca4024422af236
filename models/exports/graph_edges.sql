-- Edges of the drug graph, as the export reads them: those tied to one publication (graph_publication_edges) and
-- the drug -> journal edges (graph_journal_edges).

with

publication_edges as (

    select * from {{ ref('graph_publication_edges') }}

),

journal_edges as (

    select * from {{ ref('graph_journal_edges') }}

),

unioned as (

    select * from publication_edges
    union all
    select * from journal_edges

)

select * from unioned
