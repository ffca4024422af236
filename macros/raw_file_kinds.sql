{% macro raw_file_kinds() %}
    {#- The raw files the pipeline reads: file pattern, format and required columns, per source table. -#}
    {{ return([
        {"table": "drugs", "pattern": "drugs*.csv", "format": "csv", "required": true,
         "columns": ["atccode", "drug"]},
        {"table": "pubmed_csv", "pattern": "pubmed*.csv", "format": "csv", "required": false,
         "columns": ["id", "title", "date", "journal"]},
        {"table": "pubmed_json", "pattern": "pubmed*.json", "format": "json", "required": false,
         "columns": ["id", "title", "date", "journal"]},
        {"table": "clinical_trials", "pattern": "clinical_trials*.csv", "format": "csv", "required": false,
         "columns": ["id", "scientific_title", "date", "journal"]},
    ]) }}
{% endmacro %}
