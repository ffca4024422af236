{% macro spark__decode_escape_text(text) %}
    {#- Each run of `\xNN` is unhexed; try_validate_utf8 gives null for invalid UTF-8, which is then removed.
        Literals are as written (the profile sets spark.sql.parser.escapedStringLiterals). -#}
    case
        when instr({{ text }}, '\x') = 0 then {{ text }}
        else array_join(
            transform(
                regexp_extract_all({{ text }}, '(?:\\x[0-9A-Fa-f]{2})+|\\|[^\\]+', 0),
                part -> case
                    when startswith(part, '\x')
                        then coalesce(try_validate_utf8(unhex(replace(part, '\x', ''))), '')
                    else part
                end
            ),
            ''
        )
    end
{%- endmacro %}
