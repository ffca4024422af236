{% macro top_journals_sql(journal_mentions, journals) %}
    {#- The journal(s) tied at the highest number of distinct drugs mentioned, with that number. -#}
    with

    drugs_per_journal as (

        select
            journal_id,
            count(distinct drug_id) as distinct_drugs

        from {{ journal_mentions }}
        group by journal_id

    ),

    ranked as (

        select
            *,
            rank() over (order by distinct_drugs desc) as journal_rank

        from drugs_per_journal

    )

    select
        journals.journal_name as journal,
        ranked.distinct_drugs

    from ranked
    inner join {{ journals }} as journals
        on ranked.journal_id = journals.journal_id
    where ranked.journal_rank = 1
    order by journal
{% endmacro %}
