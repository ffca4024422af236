{% test relationships_within_latest(model, column_name, to, field, within_latest, parent_within_latest=none) %}
    {#- dbt's relationships test (every non-null `column_name` of `model` is a `field` of `to`), scoped on an
        incremental run like unique_combination_of_columns' within_latest: only the rows of `model` whose time
        (`within_latest`, a column such as `decided_at`) is the latest are tested. A run that changes what an
        older row refers to writes that row again (see delete_rows_of_changed_publications), so the older rows were
        tested by their own run.
        parent_within_latest: a time column of `to`; only its rows as recent as the tested rows, or without a
        time, are read, for a parent whose rows are written by the run that writes the rows referring to them
        (a publication and its mentions, a node and its edges; the graph's drug and journal nodes, written by
        every run, have no time): at 37M publications, the parent's key is then not made for every row.
        When every row has the same time (a full build), or dbt may not query the warehouse (`--no-introspect`),
        every row is tested against every parent row. -#}
    {%- set latest = latest_incremental_time(model, within_latest) %}
    with

    child as (
        select {{ column_name }} as from_field
        from {{ model }}
        where
            {{ column_name }} is not null
            {%- if latest %}
            and {{ within_latest }} = {{ latest }}
            {%- endif %}
    ),

    parent as (
        select {{ field }} as to_field
        from {{ to }}
        {%- if latest and parent_within_latest %}
        where {{ parent_within_latest }} >= {{ latest }} or {{ parent_within_latest }} is null
        {%- endif %}
    )

    select child.from_field
    from child
    left join parent
        on child.from_field = parent.to_field
    where parent.to_field is null
{% endtest %}
