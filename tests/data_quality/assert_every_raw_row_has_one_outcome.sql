-- Every raw row (file, row) has exactly one outcome: kept, merged or rejected; no outcome lacks a raw row.
-- The check itself is rows_without_one_outcome(): per file on DuckDB, per row elsewhere.

{% set raw_rows %}
    select
        source_file,
        source_row
    from {{ ref('stg_pubmed__csv_articles') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_clinical_trials__trials') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_pubmed__json_articles') }}
    union all
    select
        source_file,
        source_row
    from {{ ref('stg_drugs__drugs') }}
{% endset %}

{% set outcomes %}
    select
        source_file,
        source_row
    from {{ ref('int_publication_rows_resolved') }}
    where resolution <> 'rejected'
    union all
    select
        source_file,
        source_row
    from {{ ref('int_drug_rows_resolved') }}
    where resolution <> 'rejected'
    union all
    select
        source_file,
        source_row
    from {{ ref('dq_rejected_rows') }}
{% endset %}

{{ rows_without_one_outcome(raw_rows, outcomes) }}
