-- Decides what each valid publication row becomes: a publication, a row merged into one, or a rejected row
-- whose id another publication already holds. Rows of the same kind with the same title and date are one
-- publication when no two of them carry different ids or journals; otherwise only rows equal on id and
-- journal are. Almost every row is alone on its title and date: a hash finds the few that are not, and only
-- those go through the grouping. Titles are not kept here: staging has them, and at PubMed scale writing every
-- title a second time costs more than the rest of this model.
-- Incremental: a run decides again only the rows that new rows can change, and replaces them: the new rows,
-- the rows sharing a title and date with them, and the rows of the publications claiming the same ids. The
-- rows a run writes carry its time (`decided_at`): the graph export and the tests take only those. The rows of
-- a withdrawn raw file (changed or vanished, macros/withdrawn_raw_files.sql) are taken back: the rows sharing a
-- title and date with them are grouped again, the publications claiming their ids ranked again, and a
-- post-hook deletes them (their new content, if any, is among the new rows).
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

{% if is_incremental() %}
{%- do require_columns(this, [
    'source_kind', 'source_file', 'source_row', 'publication_id', 'is_id_generated', 'published_on', 'journal_key',
    'journal_as_written', 'is_id_on_row', 'source_row_count', 'group_first_file', 'group_first_row',
    'title_date_hash', 'publication_id_hash', 'loaded_at',
]) %}
{%- set withdrawn = withdrawn_raw_files(this, 'decided_at') %}
{#- Every row of a withdrawn file still here is older than its withdrawal: a row loaded since was decided since,
    after the model's latest time, which the withdrawal is after (withdrawn_raw_files). -#}
{%- set not_withdrawn = "source_file not in (select withdrawn_files.source_file from withdrawn_files)"
    if withdrawn else "true" %}
{% if withdrawn %}
withdrawn_files as (

    select * from {{ withdrawn }}

),

withdrawn_rows as (

    -- The rows of the withdrawn files: their groups are made again without them, their ids ranked again.
    select
        source_kind,
        publication_id,
        title_date_hash,
        publication_id_hash

    from {{ rows_with_key_in(this, 'source_file', 'withdrawn_files') }} as previous_rows

),

{% endif %}
new_hashes as (

    select distinct title_date_hash
    from valid_rows
    {%- if withdrawn %}
    union
    select title_date_hash
    from withdrawn_rows
    {%- endif %}

),

regrouped_previous_rows as (

    -- Rows already decided that share a title and date with a new row: their group is made again, so they
    -- need their titles, which this table does not keep. (The table is read where needed, not through a CTE
    -- that DuckDB could materialize whole.)
    select
        previous_rows.*,
        unioned_rows.title

    from {{ rows_with_key_in(this, 'title_date_hash', 'new_hashes', not_withdrawn) }} as previous_rows
    inner join {{ ref('int_publication_rows_unioned') }} as unioned_rows
        on
            previous_rows.source_file = unioned_rows.source_file
            and previous_rows.source_row = unioned_rows.source_row

),

{% endif %}
candidate_rows as {% if not is_incremental() %}{{ not_materialized() }}{% endif %} (

    -- On an incremental run these are the new rows and the few they regroup: kept once for the many parts
    -- below that read them (and shared_hashes), not computed again for each (3x slower).
    select * from valid_rows
    {%- if is_incremental() %}
    union all
    select
        source_kind,
        source_file,
        source_row,
        case when is_id_on_row then publication_id end as publication_id,
        title,
        published_on,
        journal_as_written as journal,
        lower(journal_as_written) as journal_key,
        loaded_at,
        title_date_hash

    from regrouped_previous_rows
    {%- endif %}

),

shared_hashes as {% if not is_incremental() %}{{ not_materialized() }}{% endif %} (

    -- Equal titles and dates give equal hashes, so a row alone on its hash is alone on its title and date.
    select title_date_hash
    from candidate_rows
    group by title_date_hash
    having count(*) > 1

),

lone_rows as {{ not_materialized() }} (

    select candidate_rows.*
    from candidate_rows
    left join shared_hashes
        on candidate_rows.title_date_hash = shared_hashes.title_date_hash
    where shared_hashes.title_date_hash is null

),

shared_rows as {{ not_materialized() }} (

    select candidate_rows.*
    from candidate_rows
    inner join shared_hashes
        on candidate_rows.title_date_hash = shared_hashes.title_date_hash

),

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

combined_shared_rows as {{ not_materialized() }} (

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

combined_lone_rows as {{ not_materialized() }} (

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

),

combined as {{ not_materialized() }} (

    select * from combined_lone_rows
    union all
    select * from combined_shared_rows

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

{% if is_incremental() %}
claimed_id_candidates as (

    -- Every id the remade groups claim, now or before.
    select
        source_kind,
        resolved_publication_id,
        publication_id_hash

    from hashed
    union
    select
        source_kind,
        publication_id as resolved_publication_id,
        publication_id_hash

    from regrouped_previous_rows
    {%- if withdrawn %}
    union
    select
        source_kind,
        publication_id as resolved_publication_id,
        publication_id_hash

    from withdrawn_rows
    {%- endif %}

),

claimed_id_candidate_hashes as (

    select distinct publication_id_hash
    from claimed_id_candidates

),

neighbour_candidates as (

    -- The rows already decided whose id hash is claimed: found on one integer, the 37M rows are not read whole
    -- (docs/performance.md, "Look up by rowid").
    select *
    from {{ rows_with_key_in(
        this, 'publication_id_hash', 'claimed_id_candidate_hashes', not_withdrawn
    ) }} as previous_rows

),

neighbour_rows as (

    -- Rows already decided, outside the remade groups, of publications claiming one of those ids: their group
    -- stays as it is; only which publication keeps the id may change.
    select
        previous_rows.source_kind,
        previous_rows.source_file,
        previous_rows.source_row,
        previous_rows.published_on,
        previous_rows.journal_as_written as journal,
        case when previous_rows.is_id_on_row then previous_rows.publication_id end as row_publication_id,
        previous_rows.loaded_at,
        previous_rows.title_date_hash,
        case when not previous_rows.is_id_generated then previous_rows.publication_id end as group_publication_id,
        previous_rows.journal_key as group_journal_key,
        case
            when
                previous_rows.source_file = previous_rows.group_first_file
                and previous_rows.source_row = previous_rows.group_first_row
                then 1
            else 2
        end as row_in_group,
        previous_rows.source_row_count as group_row_count,
        previous_rows.group_first_file,
        previous_rows.group_first_row,
        previous_rows.publication_id as resolved_publication_id,
        previous_rows.is_id_generated,
        previous_rows.publication_id_hash

    from neighbour_candidates as previous_rows
    inner join claimed_id_candidates
        on
            previous_rows.source_kind = claimed_id_candidates.source_kind
            and previous_rows.publication_id = claimed_id_candidates.resolved_publication_id
    left join new_hashes
        on previous_rows.title_date_hash = new_hashes.title_date_hash
    where new_hashes.title_date_hash is null

),

{% endif %}
decided as {{ not_materialized() }} (

    select * from hashed
    {%- if is_incremental() %}
    union all
    select * from neighbour_rows
    {%- endif %}

),

claimed_id_hashes as (

    -- Ids that more than one publication may claim, found on a 64-bit hash: grouping the 37M ids as text cost
    -- twice as much, and spilled.
    select publication_id_hash
    from decided
    where row_in_group = 1
    group by publication_id_hash
    having count(*) > 1

),

claimed_ids as (

    -- Ids that more than one publication claims (rare).
    select
        source_kind,
        resolved_publication_id

    from decided
    where
        row_in_group = 1
        and publication_id_hash in (select claimed_id_hashes.publication_id_hash from claimed_id_hashes)
    group by source_kind, resolved_publication_id
    having count(*) > 1

),

claim_ranks as (

    -- The publication found first keeps the id.
    select
        decided.source_kind,
        decided.resolved_publication_id,
        decided.group_first_file,
        decided.group_first_row,
        rank() over (
            partition by decided.source_kind, decided.resolved_publication_id
            order by decided.group_first_file, decided.group_first_row
        ) as id_claim_rank

    from decided
    inner join claimed_ids
        on
            decided.source_kind = claimed_ids.source_kind
            and decided.resolved_publication_id = claimed_ids.resolved_publication_id
    where decided.row_in_group = 1

),

ranked as (

    select
        decided.*,
        coalesce(claim_ranks.id_claim_rank, 1) as id_claim_rank

    from decided
    left join claim_ranks
        on
            decided.source_kind = claim_ranks.source_kind
            and decided.resolved_publication_id = claim_ranks.resolved_publication_id
            and decided.group_first_file = claim_ranks.group_first_file
            and decided.group_first_row = claim_ranks.group_first_row

),

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
