with

file_spellings as (

    select * from {{ ref('int_journal_spellings_counted') }}

),

spellings as (

    -- How often each spelling of a journal is written, over the rows that became publications (counted per
    -- file, so that an incremental run counts only the files it changed).
    select
        journal_key,
        journal_name,
        sum(spelling_rows) as spelling_rows

    from file_spellings
    group by journal_key, journal_name

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
        {{ journal_id('journal_key') }} as journal_id,
        journal_name,
        journal_key,
        spelling_count

    from ranked
    where spelling_rank = 1

)

select * from final
