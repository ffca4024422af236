with

publication_rows as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where resolution in ('publication', 'merged') and journal_as_written is not null

),

spellings as (

    -- How often each spelling of a journal is written, over the rows that became publications.
    select
        journal_key,
        journal_as_written as journal_name,
        count(*) as spelling_rows

    from publication_rows
    group by journal_key, journal_as_written

),

ranked as (

    -- The display name is the most written spelling; ties go to the first in alphabetical order.
    select
        *,
        row_number() over (
            partition by journal_key order by spelling_rows desc, journal_name asc
        ) as spelling_rank,
        count(*) over (partition by journal_key) as spelling_count

    from spellings

),

final as (

    select
        {{ surrogate_key(['journal_key']) }} as journal_id,
        journal_name,
        journal_key,
        spelling_count

    from ranked
    where spelling_rank = 1

)

select * from final
