-- Every raw row (file, row) has exactly one outcome: kept, merged or rejected; no outcome lacks a raw row.
-- The check itself is rows_without_one_outcome(): per file on DuckDB, per row elsewhere.
-- On an incremental run, only the files with rows the run loaded or decided are checked, whole: a row whose
-- outcome changes is decided again, so the other files were checked by their own run (0.6 s per run at 37M
-- publications to check them all). A full build checks every file.

{%- set decided = latest_incremental_time(ref('int_publication_rows_resolved'), 'decided_at') %}
{%- set loaded = latest_incremental_time(ref('int_raw_files_loaded'), 'loaded_at') %}
{%- set checked_files = "true" %}
{%- if decided and loaded %}
    {%- set checked_files %}
    source_file in (
        select source_file from {{ ref('int_publication_rows_resolved') }} where decided_at = {{ decided }}
        union
        select source_file from {{ ref('int_raw_files_loaded') }} where loaded_at = {{ loaded }}
    )
    {%- endset %}
{%- endif %}

{% set raw_rows %}
    select
        source_file,
        source_row
    from {{ ref('stg_pubmed__csv_articles') }}
    where {{ checked_files }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_clinical_trials__trials') }}
    where {{ checked_files }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_pubmed__json_articles') }}
    where {{ checked_files }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_drugs__drugs') }}
    where {{ checked_files }}
{% endset %}

{% set outcomes %}
    select
        source_file,
        source_row
    from {{ ref('int_publication_rows_resolved') }}
    where resolution <> 'rejected' and {{ checked_files }}
    union all
    select
        source_file,
        source_row
    from {{ ref('int_drug_rows_resolved') }}
    where resolution <> 'rejected' and {{ checked_files }}
    union all
    select
        source_file,
        source_row
    from {{ ref('dq_rejected_rows') }}
    where {{ checked_files }}
{% endset %}

{{ rows_without_one_outcome(raw_rows, outcomes) }}
