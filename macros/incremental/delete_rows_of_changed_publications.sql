{% macro delete_rows_of_changed_publications(
    resolved_rows, file_column='publication_file', row_column='publication_row'
) %}
    {#- Pre-hook of the incremental models built per publication (nothing on a full build): deletes the rows
        the run writes again. Those are the rows of the publications whose own row, named by `file_column` and
        `row_column`, is a changed publication row of the model (`resolved_rows`: int_publication_rows_resolved;
        see changed_publication_rows), and the rows tied to no file (null `file_column`: the graph's drug and
        journal nodes), which the run writes whole. A publication that changes has its own row decided again,
        even when its key changes or it stops being a publication (docs/architecture.md, "The incremental
        contract"). And the rows of the raw files withdrawn since the model's latest `decided_at` that are older
        than the withdrawal (macros/incremental/withdrawn_raw_files.sql): a withdrawn row is gone from
        `resolved_rows`, and the publications it held or led are decided again there. -#}
    {%- do depends_on_changed_publication_rows() %}
    {%- if is_incremental() %}
    {%- set withdrawn = withdrawn_raw_files(this, 'decided_at') %}
    delete from {{ this }} as previous_rows
    where
        previous_rows.{{ file_column }} is null
        {%- if withdrawn %}
        or exists (
            {{ rows_of_withdrawn_files('previous_rows', withdrawn, file_column, 'decided_at') }}
        )
        {%- endif %}
        or exists (
            select 1
            from {{ changed_publication_rows(resolved_rows) }} as changed_rows
            where
                changed_rows.source_file = previous_rows.{{ file_column }}
                and changed_rows.source_row = previous_rows.{{ row_column }}
        )
    {%- else %}
    select 1
    {%- endif %}
{%- endmacro %}
