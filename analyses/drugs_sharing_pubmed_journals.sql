-- For the drug given as --vars '{drug: NAME}' (case-insensitive): the other drugs mentioned in PubMed articles
-- by the journals that mention that drug in PubMed articles, minus the drugs those same journals mention in
-- clinical trials.
--   dbt show --select drugs_sharing_pubmed_journals --vars '{drug: TETRACYCLINE}' --output json --quiet --limit -1

{#- The drug is checked only when the analysis is run (`dbt show`): `dbt compile`, `dbt ls` and `dbt docs generate`
    render every analysis, without vars and before any build, and must not fail or query the warehouse. -#}
{%- set drug_name = input_var('drug') | string | trim %}
{%- if execute and flags.WHICH == 'show' %}
{%- if drug_name == '' %}
{{ exceptions.raise_compiler_error("No drug given: run with --vars '{drug: NAME}', NAME being a drug of dim_drugs.") }}
{%- endif %}
{%- set known = run_query(
    "select count(*) from " ~ ref('dim_drugs')
    ~ " where name_words = " ~ normalize_words(sql_string(drug_name))
) %}
{%- if known.columns[0].values()[0] == 0 %}
{{ exceptions.raise_compiler_error("Unknown drug '" ~ drug_name ~ "': no drug of dim_drugs has this name.") }}
{%- endif %}
{%- endif %}

with

drugs as (

    select * from {{ ref('dim_drugs') }}

),

journal_mentions as (

    select * from {{ ref('fct_journal_drug_mentions') }}

),

given_drugs as (

    select drug_id from drugs
    where name_words = {{ normalize_words(sql_string(drug_name)) }}

),

given_drug_journals as (

    select distinct journal_mentions.journal_id
    from journal_mentions
    inner join given_drugs
        on journal_mentions.drug_id = given_drugs.drug_id
    where journal_mentions.source_kind = 'pubmed'

),

drugs_by_kind as (

    select distinct
        journal_mentions.drug_id,
        journal_mentions.source_kind

    from journal_mentions
    inner join given_drug_journals
        on journal_mentions.journal_id = given_drug_journals.journal_id

),

pubmed_drugs as (

    select drug_id from drugs_by_kind
    where source_kind = 'pubmed'

),

clinical_trial_drugs as (

    select drug_id from drugs_by_kind
    where source_kind = 'clinical_trial'

),

answer as (

    select pubmed_drugs.drug_id
    from pubmed_drugs
    left join clinical_trial_drugs
        on pubmed_drugs.drug_id = clinical_trial_drugs.drug_id
    left join given_drugs
        on pubmed_drugs.drug_id = given_drugs.drug_id
    where clinical_trial_drugs.drug_id is null and given_drugs.drug_id is null

),

named as (

    select drugs.drug_name as drug
    from answer
    inner join drugs
        on answer.drug_id = drugs.drug_id

)

select * from named
order by drug
