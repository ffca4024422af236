{% macro publication_id_claims_ranked(name, rows) %}
    {#- The merge rule's id conflicts (models/intermediate/int_publication_rows_resolved.sql): a publication whose id
        a publication found earlier (by its first file and row) already claims is rejected. Writes the CTE `name`:
        the rows of `rows` (a CTE of rows with their merge group decided: `source_kind`, `resolved_publication_id`,
        `publication_id_hash`, `row_in_group`, `group_first_file`, `group_first_row`), each with `id_claim_rank`,
        the rank of its publication's claim on its id (1: the first, or the only one). Before it, the CTEs
        `claimed_id_hashes`, `claimed_ids` and `claim_ranks`; each CTE is followed by a comma. -#}
claimed_id_hashes as (

    -- Ids that more than one publication may claim, found on a 64-bit hash rather than on the ids as text
    -- (docs/performance.md, "Group on a 64-bit hash first").
    select publication_id_hash
    from {{ rows }}
    where row_in_group = 1
    group by publication_id_hash
    having count(*) > 1

),

claimed_ids as (

    -- Ids that more than one publication claims (rare).
    select
        source_kind,
        resolved_publication_id

    from {{ rows }}
    where
        row_in_group = 1
        and publication_id_hash in (select claimed_id_hashes.publication_id_hash from claimed_id_hashes)
    group by source_kind, resolved_publication_id
    having count(*) > 1

),

claim_ranks as (

    -- The publication found first keeps the id.
    select
        {{ rows }}.source_kind,
        {{ rows }}.resolved_publication_id,
        {{ rows }}.group_first_file,
        {{ rows }}.group_first_row,
        rank() over (
            partition by {{ rows }}.source_kind, {{ rows }}.resolved_publication_id
            order by {{ rows }}.group_first_file, {{ rows }}.group_first_row
        ) as id_claim_rank

    from {{ rows }}
    inner join claimed_ids
        on
            {{ rows }}.source_kind = claimed_ids.source_kind
            and {{ rows }}.resolved_publication_id = claimed_ids.resolved_publication_id
    where {{ rows }}.row_in_group = 1

),

{{ name }} as (

    select
        {{ rows }}.*,
        coalesce(claim_ranks.id_claim_rank, 1) as id_claim_rank

    from {{ rows }}
    left join claim_ranks
        on
            {{ rows }}.source_kind = claim_ranks.source_kind
            and {{ rows }}.resolved_publication_id = claim_ranks.resolved_publication_id
            and {{ rows }}.group_first_file = claim_ranks.group_first_file
            and {{ rows }}.group_first_row = claim_ranks.group_first_row

),
{%- endmacro %}
