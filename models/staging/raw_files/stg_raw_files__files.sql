with

source as (

    select * from {{ source('raw_files', 'files') }}

),

renamed as (

    select
        ----------  ids
        source_file,

        ----------  strings
        file_kind,
        file_path,

        ----------  numerics
        size_bytes,

        ----------  timestamps
        modified_at

    from source

)

select * from renamed
