{% macro latest_incremental_time(model, column) %}
    {#- For the tests scoped on an incremental run: the time of the latest incremental run that wrote `model`,
        the SQL literal of its latest `column` (a time such as `decided_at`) when its rows hold more than one
        time; none when every row has the same time (a full build), or when the test is not being run (see
        executing_tests). A literal, not a subquery, lets the scans skip the older row groups. -#}
    {%- if not executing_tests() %}
        {{ return(none) }}
    {%- endif %}
    {%- set times = run_query(
        "select cast(min(" ~ column ~ ") as " ~ dbt.type_string() ~ "), cast(max(" ~ column ~ ") as "
        ~ dbt.type_string() ~ ") from " ~ model
    ).rows[0] %}
    {%- if times[0] == times[1] %}
        {{ return(none) }}
    {%- endif %}
    {{ return(time_literal(times[1])) }}
{%- endmacro %}
