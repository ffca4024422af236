{% macro spark__regexp_contains(text, pattern) %}
    {#- rlike finds a match anywhere in the text (Java regex). -#}
    {{ text }} rlike {{ pattern }}
{%- endmacro %}
