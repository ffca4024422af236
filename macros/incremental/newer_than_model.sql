{% macro newer_than_model(relation, column='loaded_at') %}
    {#- On an incremental run, a filter keeping the upstream rows newer than the model: loaded (or, with
        column='decided_at', decided) after the latest row already in `relation` (the model being built,
        model_latest_time), compared with a literal so that the scan skips the older row groups; `true`
        otherwise, and when `relation` has no such row yet. Stops the run when `relation` lacks the column (a
        table built by an earlier version). -#}
    {%- set latest = model_latest_time(relation, column) -%}
    {{ column ~ " > " ~ latest if latest else "true" }}
{%- endmacro %}

{% macro not_in_model(column) %}
    {#- On an incremental run, a filter keeping the upstream rows whose `column` (a key) the model being built
        does not hold yet; `true` on a full build. -#}
    {{ return(
        column ~ " not in (select previous." ~ column ~ " from " ~ this ~ " as previous)"
        if is_incremental() else "true"
    ) }}
{%- endmacro %}
