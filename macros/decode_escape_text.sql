{% macro decode_escape_text(text) %}
    {#- Literal escape text such as `\xc3\xb1`: each run of `\xNN` becomes the characters it encodes
        when it is valid UTF-8 and is removed when it is not. -#}
    {{ return(adapter.dispatch('decode_escape_text', 'drug_graph')(text)) }}
{%- endmacro %}

{% macro default__decode_escape_text(text) %}
    {{ exceptions.raise_compiler_error("decode_escape_text has no implementation for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__decode_escape_text(text) %}
    case
        when strpos({{ text }}, '\x') = 0 then {{ text }}
        else array_to_string(
            list_transform(
                regexp_extract_all({{ text }}, '(?:\\x[0-9A-Fa-f]{2})+|\\|[^\\]+'),
                lambda part: case
                    when starts_with(part, '\x')
                        then coalesce(try(decode(unhex(replace(part, '\x', '')))), '')
                    else part
                end
            ),
            ''
        )
    end
{%- endmacro %}
