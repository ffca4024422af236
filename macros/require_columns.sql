{% macro require_columns(relation, columns) %}
    {#- On an incremental run, stops the run when `relation` (the model being built) lacks one of `columns`, the
        columns its incremental SQL reads back: the table was built by an earlier version of this project. -#}
    {%- if is_incremental() and execute -%}
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
        {%- for column in columns if column not in present -%}
            {{ exceptions.raise_compiler_error(
                relation ~ " has no column " ~ column ~ ": it was built by an earlier version of this project."
                ~ " Run `dbt build --full-refresh` once to build every table again."
            ) }}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
