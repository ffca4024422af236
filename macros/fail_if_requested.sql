{% macro fail_if_requested() %}
    {#- Fault injection for the resume tests: a model whose name is in DRUG_GRAPH_FAIL_MODELS (comma-separated)
        fails before it builds, as a model error would. Unset (always, in production), it renders nothing.
        The tests fail a run part-way with it, then resume (`dbt retry`, Dagster's re-execution) without it. -#}
    {%- set requested = env_var('DRUG_GRAPH_FAIL_MODELS', '') -%}
    {%- if execute and requested and model.name in requested.split(',') | map('trim') | list -%}
        {{ exceptions.raise_compiler_error(
            "Failure injected in " ~ model.name ~ " (DRUG_GRAPH_FAIL_MODELS); unset it and resume the run."
        ) }}
    {%- endif -%}
{% endmacro %}
