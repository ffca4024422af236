-- Decides what each valid publication row becomes: a publication, a row merged into one, or a
-- rejected row whose id is already taken by another publication.

with

valid_rows as (

    select * from {{ ref('int_publication_rows_validated') }}
    where rejection_reason is null

),

title_groups as (

    select
        source_kind,
        title,
        published_on,
        count(distinct publication_id) as distinct_ids,
        count(distinct journal_key) as distinct_journals

    from valid_rows
    group by source_kind, title, published_on

),

grouped as (

    -- Rows with the same title and date are one publication when no two of them carry different ids
    -- or journals; otherwise only rows equal on id and journal are.
    select
        valid_rows.*,
        case
            when title_groups.distinct_ids <= 1 and title_groups.distinct_journals <= 1
                then {{ surrogate_key(['valid_rows.source_kind', 'valid_rows.title', 'valid_rows.published_on']) }}
            else {{ surrogate_key([
                'valid_rows.source_kind', 'valid_rows.title', 'valid_rows.published_on',
                'valid_rows.publication_id', 'valid_rows.journal_key',
            ]) }}
        end as merge_group

    from valid_rows
    inner join title_groups
        on
            valid_rows.source_kind = title_groups.source_kind
            and valid_rows.title = title_groups.title
            and valid_rows.published_on = title_groups.published_on

),

combined as (

    select
        *,
        max(publication_id) over (partition by merge_group) as group_publication_id,
        max(journal_key) over (partition by merge_group) as group_journal_key,
        row_number() over (partition by merge_group order by source_file, source_row) as row_in_group,
        first_value(source_file) over (
            partition by merge_group order by source_file, source_row
        ) as group_first_file,
        first_value(source_row) over (
            partition by merge_group order by source_file, source_row
        ) as group_first_row

    from grouped

),

identified as (

    select
        *,
        coalesce(
            group_publication_id,
            {{ dbt.concat(["'gen-'", surrogate_key(['source_kind', 'title', 'published_on', 'group_journal_key'])]) }}
        ) as resolved_publication_id,
        group_publication_id is null as is_id_generated

    from combined

),

ranked as (

    -- Two different publications claiming the same id: the one found first keeps it.
    select
        *,
        dense_rank() over (
            partition by source_kind, resolved_publication_id
            order by group_first_file, group_first_row, merge_group
        ) as id_claim_rank

    from identified

),

resolved as (

    select
        source_kind,
        source_file,
        source_row,
        {{ dbt.concat(['source_kind', "':'", 'resolved_publication_id']) }} as publication_key,
        resolved_publication_id as publication_id,
        is_id_generated,
        title,
        published_on,
        group_journal_key as journal_key,
        journal as journal_as_written,
        case
            when id_claim_rank > 1 then 'rejected'
            when row_in_group = 1 then 'publication'
            else 'merged'
        end as resolution,
        case when id_claim_rank > 1 then 'conflicting_duplicate_id' end as rejection_reason

    from ranked

)

select * from resolved
