{% macro sql_string(value) %}
    {#- A value from outside the project (a path, a file name, an environment variable, a --vars value) as a SQL
        string literal. The one way such a value enters SQL: the value stays data, whatever it holds (quotes,
        backslashes, `--`, `/*`, `;`, Jinja braces). Tested in tests/python/test_loader_security.py. -#}
    {{ return(adapter.dispatch('sql_string', 'drug_graph')(value)) }}
{% endmacro %}

{% macro default__sql_string(value) %}
    {#- Standard SQL (DuckDB, PostgreSQL, Snowflake with default settings, Redshift): a quote is doubled, a
        backslash is an ordinary character. -#}
    {{ return("'" ~ ((value | string) | replace("'", "''")) ~ "'") }}
{% endmacro %}

{% macro bigquery__sql_string(value) %}
    {#- BigQuery and Spark read a backslash as an escape: it is escaped first, then the quote. -#}
    {{ return("'" ~ ((value | string) | replace("\\", "\\\\") | replace("'", "\\'") | replace("\n", "\\n")) ~ "'") }}
{% endmacro %}

{% macro spark__sql_string(value) %}
    {{ return(bigquery__sql_string(value)) }}
{% endmacro %}
