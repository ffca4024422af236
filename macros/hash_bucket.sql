{% macro hash_bucket(text, buckets) %}
    {#- The bucket, from 1 to `buckets`, of a text: the number written by the first 8 hex digits of its MD5,
        modulo `buckets`, plus 1. The same on every engine and every version (MD5 is fixed; an engine's own hash
        function is not promised to stay the same), so that what one run spread over buckets the next finds in
        the same buckets. -#}
    {%- if not (buckets is integer and 1 <= buckets <= 65536) -%}
        {{ exceptions.raise_compiler_error(
            "hash_bucket: the number of buckets must be an integer from 1 to 65536, not " ~ buckets
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('hash_bucket', 'drug_graph')(text, buckets)) }}
{%- endmacro %}

{% macro default__hash_bucket(text, buckets) %}
    {#- DuckDB reads a text starting with 0x as a hexadecimal number. -#}
    mod(cast({{ dbt.concat(["'0x'", "substr(" ~ dbt.hash(text) ~ ", 1, 8)"]) }} as bigint), {{ buckets }}) + 1
{%- endmacro %}

{% macro bigquery__hash_bucket(text, buckets) %}
    {#- So does BigQuery, into an INT64. -#}
    mod(cast({{ dbt.concat(["'0x'", "substr(" ~ dbt.hash(text) ~ ", 1, 8)"]) }} as int64), {{ buckets }}) + 1
{%- endmacro %}

{% macro spark__hash_bucket(text, buckets) %}
    mod(cast(conv(substr({{ dbt.hash(text) }}, 1, 8), 16, 10) as bigint), {{ buckets }}) + 1
{%- endmacro %}

{% macro postgres__hash_bucket(text, buckets) %}
    {#- PostgreSQL reads hexadecimal digits as a bit string (`x…`), which it turns into a number. -#}
    mod(cast(cast({{ dbt.concat(["'x'", "substr(" ~ dbt.hash(text) ~ ", 1, 8)"]) }} as bit(32)) as bigint), {{ buckets }}) + 1
{%- endmacro %}

{% macro snowflake__hash_bucket(text, buckets) %}
    mod(to_number(substr({{ dbt.hash(text) }}, 1, 8), 'XXXXXXXX'), {{ buckets }}) + 1
{%- endmacro %}

{% macro redshift__hash_bucket(text, buckets) %}
    mod(strtol(substr({{ dbt.hash(text) }}, 1, 8), 16), {{ buckets }}) + 1
{%- endmacro %}
