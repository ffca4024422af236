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

{% macro utf8_hex_pattern() %}
    {#- A POSIX pattern for a lower-case hex text that is valid UTF-8, with no NUL byte (which PostgreSQL texts
        cannot hold): one to four bytes per character, no overlong form, no surrogate, nothing past U+10FFFF. -#}
    {{ return(
        "'^(0[1-9a-f]|[1-7][0-9a-f]|c[2-9a-f][89ab][0-9a-f]|d[0-9a-f][89ab][0-9a-f]"
        ~ "|e0[ab][0-9a-f][89ab][0-9a-f]|e[1-9a-cef][89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]"
        ~ "|f0[9ab][0-9a-f][89ab][0-9a-f][89ab][0-9a-f]|f[1-3][89ab][0-9a-f][89ab][0-9a-f][89ab][0-9a-f]"
        ~ "|f48[0-9a-f][89ab][0-9a-f][89ab][0-9a-f])*$'"
    ) }}
{%- endmacro %}

{% macro postgres__decode_escape_text(text) %}
    {#- The text cut into runs of `\xNN` and other pieces, in order (regexp_matches with ordinality); a run
        becomes its characters when its bytes are valid UTF-8 (checked first: convert_from stops the query on
        invalid bytes), '' otherwise. -#}
    case
        when strpos({{ text }}, '\x') = 0 then {{ text }}
        else (
            select coalesce(string_agg(
                case
                    when left(parts.part[1], 2) <> '\x' then parts.part[1]
                    when lower(replace(parts.part[1], '\x', '')) ~ {{ utf8_hex_pattern() }}
                        then convert_from(decode(replace(parts.part[1], '\x', ''), 'hex'), 'UTF8')
                    else ''
                end,
                '' order by parts.part_position
            ), '')
            from regexp_matches({{ text }}, '(?:\\x[0-9A-Fa-f]{2})+|\\|[^\\]+', 'g')
                with ordinality as parts (part, part_position)
        )
    end
{%- endmacro %}

{% macro snowflake__decode_escape_text(text) %}
    {#- The pieces of the text in order (regexp_substr_all); try_hex_decode_string gives null for bytes that are
        not valid UTF-8, then ''. Patterns dollar-quoted ($$…$$): Snowflake's quoted literals escape. -#}
    case
        when not contains({{ text }}, $$\x$$) then {{ text }}
        else array_to_string(
            transform(
                regexp_substr_all({{ text }}, $$(\\x[0-9A-Fa-f]{2})+|\\|[^\\]+$$),
                part -> case
                    when startswith(cast(part as varchar), $$\x$$)
                        then coalesce(try_hex_decode_string(replace(cast(part as varchar), $$\x$$, '')), '')
                    else cast(part as varchar)
                end
            ),
            ''
        )
    end
{%- endmacro %}

{% macro redshift__decode_escape_text(text) %}
    {#- Redshift has no function over the pieces of a text: each pass decodes the first run of `\xNN` left,
        and every other copy of the same run (replace), when its bytes are valid UTF-8, else removes it.
        Two passes: a value with more than two different runs keeps the third as written (see
        docs/portability.md). Literals escape with the backslash on Redshift: '\\x' is `\x`. -#}
    {%- set ns = namespace(decoded=text) -%}
    {%- for pass in range(2) -%}
        {%- set run = "regexp_substr(" ~ ns.decoded ~ ", '(\\\\\\\\x[0-9A-Fa-f]{2})+')" -%}
        {%- set hex = "lower(replace(" ~ run ~ ", '\\\\x', ''))" -%}
        {%- set ns.decoded -%}
        case
            when strpos({{ ns.decoded }}, '\\x') = 0 then {{ ns.decoded }}
            else replace(
                {{ ns.decoded }},
                {{ run }},
                case
                    when {{ hex }} ~ {{ utf8_hex_pattern() }} then from_varbyte(from_hex({{ hex }}), 'utf8')
                    else ''
                end
            )
        end
        {%- endset -%}
    {%- endfor -%}
    {{ ns.decoded }}
{%- endmacro %}

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
