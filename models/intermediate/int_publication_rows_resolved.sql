-- The merge rule: what each valid publication row becomes. Rows of the same kind with the same title and date
-- are one publication when no two of them carry different ids or journals; otherwise only rows equal on id and
-- journal are. The first row of a group (by file and row) is the publication, the others are merged into it. A
-- publication whose id one found earlier already claims is rejected. Only the rows sharing a title and date are
-- grouped, found by a hash (macros/rows_alone_on_hash.sql); the others are groups of one. Titles stay in staging.
-- Which rows a run decides comes from macros/incremental/publication_rows_decided_again.sql (every valid row on
-- a full build); a post-hook deletes the rows of withdrawn files.
{{ config(
    meta={'column_compression': {'publication_id': 'zstd'}},
    unique_key=['source_file', 'source_row'],
    post_hook="{{ delete_rows_of_withdrawn_files(this, 'source_file', 'loaded_at', 'decided_at') }}",
) }}

with

valid_rows as {{ not_materialized() }} (

    select
        source_kind,
        source_file,
        source_row,
        publication_id,
        title,
        published_on,
        journal,
        journal_key,
        loaded_at,
        {{ fast_hash(['source_kind', 'published_on', 'title']) }} as title_date_hash

    from {{ ref('int_publication_rows_unioned') }}
    where rejection_reason is null and {{ newer_than_model(this) }}

),

{{ publication_rows_to_group('candidate_rows', new_rows='valid_rows') }}

{{ rows_alone_on_hash('candidate_rows', 'title_date_hash', alone='lone_rows', shared='shared_rows') }}

title_groups as {{ not_materialized() }} (

    select
        source_kind,
        title,
        published_on,
        count(distinct publication_id) as distinct_ids,
        count(distinct journal_key) as distinct_journals

    from shared_rows
    group by source_kind, title, published_on

),

grouped as {{ not_materialized() }} (

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

combined as {{ not_materialized() }} (

    -- A row alone on its title and date is a group of one.
    select
        source_kind,
        source_file,
        source_row,
        title,
        published_on,
        journal,
        publication_id as row_publication_id,
        loaded_at,
        title_date_hash,
        publication_id as group_publication_id,
        journal_key as group_journal_key,
        1 as row_in_group,
        1 as group_row_count,
        source_file as group_first_file,
        source_row as group_first_row

    from lone_rows

    union all

    select
        source_kind,
        source_file,
        source_row,
        title,
        published_on,
        journal,
        publication_id as row_publication_id,
        loaded_at,
        title_date_hash,
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

identified as {{ not_materialized() }} (

    -- From here on rows go without their titles: the table does not keep them (staging does).
    select
        source_kind,
        source_file,
        source_row,
        published_on,
        journal,
        row_publication_id,
        loaded_at,
        title_date_hash,
        group_publication_id,
        group_journal_key,
        row_in_group,
        group_row_count,
        group_first_file,
        group_first_row,
        coalesce(
            group_publication_id,
            {{ generated_id(['source_kind', 'title', 'published_on', 'group_journal_key']) }}
        ) as resolved_publication_id,
        group_publication_id is null as is_id_generated

    from combined

),

hashed as {{ not_materialized() }} (

    select
        *,
        {{ fast_hash(['source_kind', 'resolved_publication_id']) }} as publication_id_hash

    from identified

),

{{ publication_rows_to_rank('decided', grouped_rows='hashed') }}

-- A publication whose id a publication found earlier already claims is rejected: every row gets the rank of its
-- publication's claim on its id (macros/publication_id_claims_ranked.sql).
{{ publication_id_claims_ranked('ranked', rows='decided') }}

resolved as (

    select
        source_kind,
        source_file,
        source_row,
        resolved_publication_id as publication_id,
        is_id_generated,
        published_on,
        group_journal_key as journal_key,
        journal as journal_as_written,
        row_publication_id is not null as is_id_on_row,
        group_row_count as source_row_count,
        group_first_file,
        group_first_row,
        case
            when id_claim_rank > 1 then 'rejected'
            when row_in_group = 1 then 'publication'
            else 'merged'
        end as resolution,
        case when id_claim_rank > 1 then 'conflicting_duplicate_id' end as rejection_reason,
        title_date_hash,
        publication_id_hash,
        loaded_at,
        {{ run_loaded_at() }} as decided_at

    from ranked

)

select * from resolved
