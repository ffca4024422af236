-- The three publication sources share one staging shape: see macros/stage_publication_rows.sql.
{{ stage_publication_rows(source('clinical_trials', 'clinical_trials'), 'clinical_trial', 'scientific_title') }}
