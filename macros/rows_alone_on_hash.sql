{% macro rows_alone_on_hash(rows, hash_column, alone, shared) %}
    {#- The performance part "Group on a 64-bit hash first" (docs/performance.md): nearly every row is alone on the
        values a rule groups rows by, and a 64-bit hash of those values finds these rows without grouping the
        values themselves. Writes three CTEs of the query, each followed by a comma:
        - `shared_hashes`: the values of `hash_column` that more than one row of `rows` has;
        - `alone`: the rows whose hash no other row has. Equal values give equal hashes, so each of these rows is
          alone on the hashed values: a group of one, which the rule need not group;
        - `shared`: the other rows, the only ones the rule groups (a hash shared by different values only brings
          rows here that the rule's own grouping then tells apart).
        `rows` is a CTE; `shared_hashes` is kept once on an incremental run (few rows), computed again for each
        reader on a full build. -#}
shared_hashes as {{ not_materialized_on_full_builds() }} (

    select {{ hash_column }}
    from {{ rows }}
    group by {{ hash_column }}
    having count(*) > 1

),

{{ alone }} as {{ not_materialized() }} (

    select {{ rows }}.*
    from {{ rows }}
    left join shared_hashes
        on {{ rows }}.{{ hash_column }} = shared_hashes.{{ hash_column }}
    where shared_hashes.{{ hash_column }} is null

),

{{ shared }} as {{ not_materialized() }} (

    select {{ rows }}.*
    from {{ rows }}
    inner join shared_hashes
        on {{ rows }}.{{ hash_column }} = shared_hashes.{{ hash_column }}

),
{%- endmacro %}
