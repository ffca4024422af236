{% macro raw_data_dir() %}
    {#- The folder holding every raw file: RAW_DATA_DIR, by default the sample shipped in data/sample. -#}
    {{ return(env_var('RAW_DATA_DIR', 'data/sample').rstrip('/')) }}
{% endmacro %}

{% macro output_dir() %}
    {#- The folder the exports are written to: OUTPUT_DIR, by default output/. -#}
    {{ return(env_var('OUTPUT_DIR', 'output').rstrip('/')) }}
{% endmacro %}
