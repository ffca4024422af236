{% macro check_raw_columns(path, kind, found) %}
    {#- Stops the run when a raw file lacks a required column of its kind, naming the file and the columns
        found (compared without regard to case or surrounding spaces). -#}
    {%- set found_names = found | map('lower') | map('trim') | list -%}
    {%- set missing = [] -%}
    {%- for column in kind.columns -%}
        {%- if column not in found_names -%}{%- do missing.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Raw file " ~ path ~ ": missing required column(s) " ~ missing | join(', ')
            ~ " (found: " ~ found | join(', ') ~ ")."
        ) }}
    {%- endif -%}
{% endmacro %}
