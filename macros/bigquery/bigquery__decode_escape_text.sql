{% macro bigquery__decode_escape_text(text) %}
    {#- The text cut into runs of `\xNN` and other pieces, in order; each run is unhexed, and safe_cast to string
        gives null (then '') when the bytes are not valid UTF-8. -#}
    case
        when strpos({{ text }}, r'\x') = 0 then {{ text }}
        else array_to_string(
            array(
                select
                    case
                        when starts_with(part, r'\x')
                            then coalesce(safe_cast(from_hex(replace(part, r'\x', '')) as string), '')
                        else part
                    end
                from unnest(regexp_extract_all({{ text }}, r'(?:\\x[0-9A-Fa-f]{2})+|\\|[^\\]+')) as part
                    with offset as part_position
                order by part_position
            ),
            ''
        )
    end
{%- endmacro %}
