{% macro top_journals_of(journal_drugs, journals) %}
    {#- The top-journals rule, written once: the journal(s) tied at the highest number of distinct drugs
        mentioned, with that number, by name. `journal_drugs` has a row per mention (`journal_id`, `drug_id`);
        `journals` names each journal (`journal_id`, `journal_name`). The analysis top_journals gives it the
        exported graph file, the build summary (print_summary) the marts. -#}
    select
        journals.journal_name as journal,
        ranked.distinct_drugs

    from (
        select
            journal_id,
            count(distinct drug_id) as distinct_drugs,
            rank() over (order by count(distinct drug_id) desc) as journal_rank

        from {{ journal_drugs }}
        group by journal_id
    ) as ranked
    inner join {{ journals }} as journals
        on ranked.journal_id = journals.journal_id
    where ranked.journal_rank = 1
    order by journal
{%- endmacro %}
