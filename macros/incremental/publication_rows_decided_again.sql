{#- What an incremental run of int_publication_rows_resolved decides again (docs/architecture.md, "The incremental
    contract", 2 and 3). The model states the merge rule once, for any set of rows; these two macros give it its
    rows. Each writes one named CTE of the model (`name`), and on an incremental run the CTEs it reads before it:
    - publication_rows_to_group: the rows whose merge group is made: on a full build the valid rows; on an
      incremental run also the rows already decided that share a kind, title and date (`title_date_hash`) with a
      new row or with a row of a withdrawn file;
    - publication_rows_to_rank: the rows among which a claimed id is ranked: the grouped rows, and on an
      incremental run the rows already decided, outside the groups made again, of the publications claiming an id
      that a group made again claims now or claimed before (`publication_id_hash`).
    Rows of the model's own table are found by `rows_with_key_in` (docs/performance.md, "Look up by rowid"); the
    rows of a withdrawn file (withdrawn_raw_files) are left out, and a post-hook deletes them. Each CTE ends with
    a comma. -#}

{% macro publication_rows_to_group(name, new_rows) %}
    {#- `new_rows`: the valid rows newer than the model, with their `title_date_hash`. On an incremental run, the
        rows to group are kept once (materialized): few, and read by several parts of the rule. -#}
    {%- if not is_incremental() %}
{{ name }} as {{ not_materialized() }} (

    select * from {{ new_rows }}

),
    {%- else %}
    {%- do require_columns(this, [
        'source_kind', 'source_file', 'source_row', 'publication_id', 'is_id_generated', 'published_on',
        'journal_key', 'journal_as_written', 'is_id_on_row', 'source_row_count', 'group_first_file',
        'group_first_row', 'title_date_hash', 'publication_id_hash', 'loaded_at',
    ]) %}
    {%- set withdrawn = withdrawn_raw_files(this, 'decided_at') %}
    {%- if withdrawn %}
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
    {%- endif %}

new_hashes as (

    select distinct title_date_hash
    from {{ new_rows }}
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

    from {{ rows_with_key_in(this, 'title_date_hash', 'new_hashes', not_withdrawn_row(withdrawn)) }} as previous_rows
    inner join {{ ref('int_publication_rows_unioned') }} as unioned_rows
        on
            previous_rows.source_file = unioned_rows.source_file
            and previous_rows.source_row = unioned_rows.source_row

),

{{ name }} as (

    select * from {{ new_rows }}
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

),
    {%- endif %}
{%- endmacro %}

{% macro publication_rows_to_rank(name, grouped_rows) %}
    {#- `grouped_rows`: the rows publication_rows_to_group gave, with their merge group and claimed id. -#}
    {%- if not is_incremental() %}
{{ name }} as {{ not_materialized() }} (

    select * from {{ grouped_rows }}

),
    {%- else %}
    {%- set withdrawn = withdrawn_raw_files(this, 'decided_at') %}
claimed_id_candidates as (

    -- Every id the remade groups claim, now or before.
    select
        source_kind,
        resolved_publication_id,
        publication_id_hash

    from {{ grouped_rows }}
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
        this, 'publication_id_hash', 'claimed_id_candidate_hashes', not_withdrawn_row(withdrawn)
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

{{ name }} as {{ not_materialized() }} (

    select * from {{ grouped_rows }}
    union all
    select * from neighbour_rows

),
    {%- endif %}
{%- endmacro %}

{% macro not_withdrawn_row(withdrawn) %}
    {#- The condition keeping the model's rows that are not of a withdrawn file (when `withdrawn`, the CTE
        withdrawn_files lists them). Every row of a withdrawn file still there is older than its withdrawal: a
        row loaded since was decided since, after the model's latest time, which the withdrawal is after
        (withdrawn_raw_files). -#}
    {{ return(
        "source_file not in (select withdrawn_files.source_file from withdrawn_files)" if withdrawn else "true"
    ) }}
{%- endmacro %}

{% macro not_materialized_on_full_builds() %}
    {#- A CTE of the rows to decide, read by several parts: on a full build (every row) computed again for each
        (not_materialized), on an incremental run (a few rows) kept once. -#}
    {{ return('' if is_incremental() else not_materialized()) }}
{%- endmacro %}
