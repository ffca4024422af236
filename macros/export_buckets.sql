{% macro export_buckets() %}
    {#- The number of buckets the export spreads the raw files over (the `export_buckets` var), checked: a whole
        number from 1 to 65536. -#}
    {%- set value = var('export_buckets') -%}
    {%- if value is boolean or not modules.re.fullmatch('[0-9]+', value | string | trim) -%}
        {{ exceptions.raise_compiler_error("The var export_buckets must be a whole number from 1 to 65536, not '" ~ value ~ "'") }}
    {%- endif -%}
    {%- set number = value | string | trim | int -%}
    {%- if not 1 <= number <= 65536 -%}
        {{ exceptions.raise_compiler_error("The var export_buckets must be a whole number from 1 to 65536, not " ~ number) }}
    {%- endif -%}
    {{ return(number) }}
{%- endmacro %}
