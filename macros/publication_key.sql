{% macro publication_key(source_kind='source_kind', publication_id='publication_id') %}
    {#- The key of a publication, unique across kinds: `<source_kind>:<publication_id>` (see the publication_key
        doc). Made where it is read: the merged rows keep kind and id, not a third copy of 37M ids. -#}
    {{ dbt.concat([source_kind, "':'", publication_id]) }}
{%- endmacro %}
