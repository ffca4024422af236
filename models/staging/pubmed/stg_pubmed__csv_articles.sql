-- The three publication sources share one staging shape: see macros/stage_publication_rows.sql.
{{ stage_publication_rows(source('pubmed', 'pubmed_csv'), 'pubmed', 'title') }}
