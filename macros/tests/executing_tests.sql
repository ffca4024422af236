{% macro executing_tests() %}
    {#- True when the node being rendered is about to run as a test (`dbt test`, `dbt build`, `dbt retry`) with
        leave to query the warehouse. A test that reads the tables it checks while rendering (to size a bitmap,
        to find the latest load) does so only then: `dbt compile`, `dbt ls`, `dbt docs generate` and sqlfluff
        render every test without querying the warehouse, even before the first build, and get the portable
        SQL of the same check. -#}
    {{ return(execute and flags.INTROSPECT and flags.WHICH in ['test', 'build', 'retry']) }}
{%- endmacro %}
