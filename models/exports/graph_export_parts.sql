-- The export part of each raw file behind the graph: the graph's elements are written in parts, one per bucket
-- of raw files (the `export_buckets` var), so that the number of Parquet files and JSON parts stays bounded
-- whatever the number of raw files, and an incremental run writes again only the buckets holding a file it
-- changed. The bucket is a hash of the file's name, the same on every engine (macros/hash_bucket.sql). The
-- drug and journal nodes, tied to no file, are part 0.

with

nodes as (

    select * from {{ ref('graph_nodes') }}

),

edges as (

    select * from {{ ref('graph_edges') }}

),

files as (

    select publication_file from nodes
    where publication_file is not null
    union distinct
    select publication_file from edges
    where publication_file is not null

),

parts as (

    select
        publication_file,
        {{ hash_bucket('publication_file', export_buckets()) }} as export_part

    from files

)

select * from parts
