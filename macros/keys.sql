{#- Every key of the pipeline, in one file: the surrogate key all others are made of, the ids generated for
    drugs and publications that have none, the journal id, and the ids of the graph's nodes. A model or macro
    that needs one calls it here: none writes its rule again. -#}

{% macro surrogate_key(expressions) %}
    {#- A deterministic 16-hex-digit key from a list of SQL expressions (nulls and '' hash alike). -#}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    substring({{ dbt.hash(dbt.concat(parts)) }}, 1, 16)
{%- endmacro %}

{% macro generated_id(expressions) %}
    {#- The id given to a drug or publication that has none: `gen-` and the surrogate key of what identifies it
        (a drug's name words; a publication's kind, title, date and journal). -#}
    {{- dbt.concat(["'gen-'", surrogate_key(expressions)]) -}}
{%- endmacro %}

{% macro journal_id(journal_key) %}
    {#- The id of a journal: the surrogate key of its journal_key (its name, normalized), made where it is read
        (dim_journals, fct_drug_mentions) so that the mentions need not wait for the journals. -#}
    {{- surrogate_key([journal_key]) -}}
{%- endmacro %}

{% macro publication_key(source_kind='source_kind', publication_id='publication_id') %}
    {#- The key of a publication, unique across kinds: `<source_kind>:<publication_id>` (see the publication_key
        doc); also its node id in the graph. Made where it is read: the merged rows keep kind and id, not a third
        copy of 37M ids. -#}
    {{ dbt.concat([source_kind, "':'", publication_id]) }}
{%- endmacro %}

{% macro drug_node_id(drug_id='drug_id') %}
    {#- The id of a drug's node in the graph: `drug:<drug_id>`. -#}
    {{- dbt.concat(["'drug:'", drug_id]) -}}
{%- endmacro %}

{% macro journal_node_id(journal_id='journal_id') %}
    {#- The id of a journal's node in the graph: `journal:<journal_id>`. -#}
    {{- dbt.concat(["'journal:'", journal_id]) -}}
{%- endmacro %}
