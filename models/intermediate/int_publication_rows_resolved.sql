-- Decides what each valid publication row becomes: a publication, a row merged into one, or a rejected row
-- whose id another publication already holds. Rows of the same kind with the same title and date are one
-- publication when no two of them carry different ids or journals; otherwise only rows equal on id and
-- journal are. Almost every row is alone on its title and date: a hash finds the few that are not, and only
-- those go through the grouping.

with

valid_rows as (

    select
        source_kind,
        source_file,
        source_row,
        publication_id,
        title,
        published_on,
        journal,
        journal_key,
        {{ fast_hash(['source_kind', 'published_on', 'title']) }} as title_date_hash

    from {{ ref('int_publication_rows_validated') }}
    where rejection_reason is null

),

shared_hashes as (

    -- Equal titles and dates give equal hashes, so a row alone on its hash is alone on its title and date.
    select title_date_hash
    from valid_rows
    group by title_date_hash
    having count(*) > 1

),

lone_rows as (

    select valid_rows.*
    from valid_rows
    left join shared_hashes
        on valid_rows.title_date_hash = shared_hashes.title_date_hash
    where shared_hashes.title_date_hash is null

),

shared_rows as (

    select valid_rows.*
    from valid_rows
    inner join shared_hashes
        on valid_rows.title_date_hash = shared_hashes.title_date_hash

),

title_groups as (

    select
        source_kind,
        title,
        published_on,
        count(distinct publication_id) as distinct_ids,
        count(distinct journal_key) as distinct_journals

    from shared_rows
    group by source_kind, title, published_on

),

grouped as (

    select
        shared_rows.*,
        case
            when title_groups.distinct_ids <= 1 and title_groups.distinct_journals <= 1
                then {{ surrogate_key(['shared_rows.source_kind', 'shared_rows.title', 'shared_rows.published_on']) }}
            else {{ surrogate_key([
                'shared_rows.source_kind', 'shared_rows.title', 'shared_rows.published_on',
                'shared_rows.publication_id', 'shared_rows.journal_key',
            ]) }}
        end as merge_group

    from shared_rows
    inner join title_groups
        on
            shared_rows.source_kind = title_groups.source_kind
            and shared_rows.title = title_groups.title
            and shared_rows.published_on = title_groups.published_on

),

combined_shared_rows as (

    select
        source_kind,
        source_file,
        source_row,
        title,
        published_on,
        journal,
        max(publication_id) over (partition by merge_group) as group_publication_id,
        max(journal_key) over (partition by merge_group) as group_journal_key,
        row_number() over (partition by merge_group order by source_file, source_row) as row_in_group,
        count(*) over (partition by merge_group) as group_row_count,
        first_value(source_file) over (
            partition by merge_group order by source_file, source_row
        ) as group_first_file,
        first_value(source_row) over (
            partition by merge_group order by source_file, source_row
        ) as group_first_row

    from grouped

),

combined_lone_rows as (

    select
        source_kind,
        source_file,
        source_row,
        title,
        published_on,
        journal,
        publication_id as group_publication_id,
        journal_key as group_journal_key,
        1 as row_in_group,
        1 as group_row_count,
        source_file as group_first_file,
        source_row as group_first_row

    from lone_rows

),

combined as (

    select * from combined_lone_rows
    union all
    select * from combined_shared_rows

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

claimed_ids as (

    -- Ids that more than one publication claims (rare).
    select
        source_kind,
        resolved_publication_id

    from identified
    where row_in_group = 1
    group by source_kind, resolved_publication_id
    having count(*) > 1

),

claim_ranks as (

    -- The publication found first keeps the id.
    select
        identified.source_kind,
        identified.resolved_publication_id,
        identified.group_first_file,
        identified.group_first_row,
        rank() over (
            partition by identified.source_kind, identified.resolved_publication_id
            order by identified.group_first_file, identified.group_first_row
        ) as id_claim_rank

    from identified
    inner join claimed_ids
        on
            identified.source_kind = claimed_ids.source_kind
            and identified.resolved_publication_id = claimed_ids.resolved_publication_id
    where identified.row_in_group = 1

),

ranked as (

    select
        identified.*,
        coalesce(claim_ranks.id_claim_rank, 1) as id_claim_rank

    from identified
    left join claim_ranks
        on
            identified.source_kind = claim_ranks.source_kind
            and identified.resolved_publication_id = claim_ranks.resolved_publication_id
            and identified.group_first_file = claim_ranks.group_first_file
            and identified.group_first_row = claim_ranks.group_first_row

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
        group_row_count as source_row_count,
        case
            when id_claim_rank > 1 then 'rejected'
            when row_in_group = 1 then 'publication'
            else 'merged'
        end as resolution,
        case when id_claim_rank > 1 then 'conflicting_duplicate_id' end as rejection_reason

    from ranked

)

select * from resolved
