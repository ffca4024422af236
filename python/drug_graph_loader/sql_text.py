"""How values from outside (file names, paths) enter the SQL the loader writes: always as quoted data.

The loader's one quoting function on the Python side; the Jinja macro ``sql_string`` (macros/sql_string.sql) is
its twin for what stays in Jinja. Both write DuckDB's standard SQL literals (a quote doubled, a backslash an
ordinary character), so that a name holding quotes, backslashes, ``{{``, ``;``, ``--`` or line breaks stays data.
"""

from __future__ import annotations


def is_utf8(value: str) -> bool:
    """Whether a text can be a DuckDB text (UTF-8): not a name whose bytes were not UTF-8 (read as surrogate
    escapes), nor a JSON string holding a lone surrogate escape."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def sql_string(value: str) -> str:
    """A text as a SQL string literal. A text that is not valid Unicode (a name whose bytes were not UTF-8,
    read as surrogate escapes) cannot be a DuckDB text: it raises ValueError instead of reaching SQL."""
    if not is_utf8(value):
        raise ValueError(f"not valid UTF-8, cannot be written in SQL: {value!r}")
    return "'" + value.replace("'", "''") + "'"


def file_path_literal(path: str) -> str:
    """A file path as DuckDB's readers take it: a literal file, never a pattern. DuckDB reads `*`, `?` and `[`
    in a path as glob wildcards; each is written as a one-character class (`[*]`, `[?]`, `[[]`), which matches
    exactly that character (`[` first, so that the classes written after are not escaped again)."""
    return sql_string(path.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]"))


def quoted_identifier(name: str) -> str:
    """A name (a view, a column) as a SQL identifier in double quotes, a double quote inside doubled."""
    return '"' + name.replace('"', '""') + '"'
