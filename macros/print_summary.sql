{% macro print_summary() %}
    {#- Prints what the last build did: counts, the output path and the top journal(s). -#}
    {#- Publications counted on the table behind dim_publications: the view also joins every title. -#}
    {%- set publications = ref('int_publication_rows_resolved') ~ " where resolution = 'publication'" -%}
    {%- set counts = run_query(
        "select"
        ~ " (select count(*) from " ~ ref('dim_drugs') ~ "),"
        ~ " (select count(*) from " ~ publications ~ " and source_kind = 'pubmed'),"
        ~ " (select count(*) from " ~ publications ~ " and source_kind = 'clinical_trial'),"
        ~ " (select count(*) from " ~ ref('dim_journals') ~ "),"
        ~ " (select count(*) from " ~ ref('fct_drug_mentions') ~ "),"
        ~ " (select count(*) from " ~ ref('fct_journal_drug_mentions') ~ "),"
        ~ " (select count(*) from " ~ ref('dq_merged_rows') ~ "),"
        ~ " (select count(*) from " ~ ref('dq_rejected_rows') ~ "),"
        ~ " (select count(*) from " ~ ref('dq_ambiguous_dates') ~ ")"
    ).rows[0] -%}
    {%- set top = run_query(top_journals_of(ref('fct_journal_drug_mentions'), ref('dim_journals'))) -%}
    {%- set graph_path = output_dir() ~ '/drug_graph.json' -%}
    {%- set lines = [
        "Drug mention graph built:",
        "  drugs:                 " ~ counts[0],
        "  publications:          " ~ counts[1] ~ " PubMed articles, " ~ counts[2] ~ " clinical trials, in " ~ counts[3] ~ " journals",
        "  mentions:              " ~ counts[4] ~ " drug-publication, " ~ counts[5] ~ " drug-journal-date",
        "  merged rows:           " ~ counts[6],
        "  rejected rows:         " ~ counts[7] ~ " (see dq_rejected_rows)",
        "  ambiguous dates:       " ~ counts[8] ~ " read day first (see dq_ambiguous_dates)",
        "  graph:                 " ~ graph_path,
    ] -%}
    {%- for row in top.rows -%}
        {%- do lines.append("  top journal:           " ~ row[0] ~ " (" ~ row[1] ~ " distinct drugs)") -%}
    {%- endfor -%}
    {%- do print(lines | join('\n')) -%}
{% endmacro %}
