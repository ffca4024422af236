-- Every raw row is accounted for: per file, the rows read (staging keeps one row per raw row) equal the
-- rows kept, merged and rejected.
-- Incremental: a run counts again the files with rows it loaded or decided again (see
-- macros/incremental/changed_raw_files.sql), after a pre-hook deletes their rows, rather than counting every file
-- (docs/performance.md, "Counts per raw file").
{{ config(
    pre_hook="{{ delete_rows_of_changed_raw_files(
        ref('int_publication_rows_resolved'), ref('int_raw_files_loaded')
    ) }}",
) }}

with

{{ changed_cte('files_to_count', changed_raw_files(
    ref('int_publication_rows_resolved'), ref('int_raw_files_loaded')
)) }}

raw_drugs as (

    select * from {{ ref('stg_drugs__drugs') }}
    where {{ in_changed('source_file', 'files_to_count') }}

),

raw_pubmed_csv as (

    select * from {{ ref('stg_pubmed__csv_articles') }}
    where {{ in_changed('source_file', 'files_to_count') }}

),

raw_pubmed_json as (

    select * from {{ ref('stg_pubmed__json_articles') }}
    where {{ in_changed('source_file', 'files_to_count') }}

),

raw_clinical_trials as (

    select * from {{ ref('stg_clinical_trials__trials') }}
    where {{ in_changed('source_file', 'files_to_count') }}

),

drug_rows as (

    select * from {{ ref('int_drug_rows_resolved') }}
    where {{ in_changed('source_file', 'files_to_count') }}

),

publication_rows as (

    select * from {{ ref('int_publication_rows_resolved') }}
    where {{ in_changed('source_file', 'files_to_count') }}

),

rejected_rows as (

    select * from {{ ref('dq_rejected_rows') }}
    where {{ in_changed('source_file', 'files_to_count') }}

),

raw_rows as (

    select source_file from raw_drugs
    union all
    select source_file from raw_pubmed_csv
    union all
    select source_file from raw_pubmed_json
    union all
    select source_file from raw_clinical_trials

),

raw_counts as (

    select
        source_file,
        count(*) as raw_rows

    from raw_rows
    group by source_file

),

outcomes as (

    select
        source_file,
        resolution
    from drug_rows
    where resolution <> 'rejected'

    union all

    select
        source_file,
        resolution
    from publication_rows
    where resolution <> 'rejected'

    union all

    select
        source_file,
        'rejected' as resolution
    from rejected_rows

),

outcome_counts as (

    select
        source_file,
        sum(case when resolution in ('drug', 'publication') then 1 else 0 end) as kept_rows,
        sum(case when resolution = 'merged' then 1 else 0 end) as merged_rows,
        sum(case when resolution = 'rejected' then 1 else 0 end) as rejected_rows

    from outcomes
    group by source_file

),

final as (

    select
        raw_counts.source_file,
        raw_counts.raw_rows,
        coalesce(outcome_counts.kept_rows, 0) as kept_rows,
        coalesce(outcome_counts.merged_rows, 0) as merged_rows,
        coalesce(outcome_counts.rejected_rows, 0) as rejected_rows,
        {{ run_loaded_at() }} as decided_at

    from raw_counts
    left join outcome_counts
        on raw_counts.source_file = outcome_counts.source_file

)

select * from final
