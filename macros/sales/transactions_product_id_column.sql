{% macro transactions_product_id_column(relation) %}
    {#- The name of the product column of the transactions table `relation`: `prod_id` (the exercise's column)
        when the table has it, `prop_id` (the misspelling of the exercise's sample header) otherwise. Read from
        the table as loaded, so a seed of either header works; `prop_id` when the table cannot be inspected
        (parsing, `--no-introspect`). The unit tests set it with `overrides: macros:`. -#}
    {%- if not (execute and flags.INTROSPECT) -%}
        {{ return('prop_id') }}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{ return('prod_id' if 'prod_id' in columns else 'prop_id') }}
{%- endmacro %}
