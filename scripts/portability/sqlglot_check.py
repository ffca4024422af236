"""Check the SQL compiled for Snowflake or Redshift, offline: every statement parsed by sqlglot in that dialect,
with errors raised, then a check of its own, as sqlglot is lenient (a parse is not a type check, and it accepts
functions it does not know):
- every function called is one the engine has (an allowlist per engine, each name checked against the engine's
  reference; a function not in it fails, to be checked and added, or put behind a dispatched macro);
- no DuckDB-only syntax: `->>` (JSON), list comprehensions, `exclude` and lambdas on Redshift, `~` on Snowflake.

Usage: sqlglot_check.py --manifest TARGET/manifest.json [--sql FILE ...]

Checks every compiled model, test and analysis of the manifest (its adapter gives the dialect), or the given SQL
files. Prints `FAIL <node or file>: <reason>` per problem and a summary; exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import sqlglot
from sqlglot.errors import ErrorLevel, SqlglotError
from sqlglot.tokens import Token, TokenType

# Functions both engines have (standard SQL and their common ground), then each engine's own.
COMMON_FUNCTIONS = {
    "abs", "avg", "cast", "ceil", "coalesce", "concat", "count", "current_date", "current_timestamp", "dateadd",
    "datediff", "date_trunc", "dense_rank", "first_value", "floor", "greatest", "lag", "last_value", "lead",
    "least", "left", "length", "listagg", "lower", "lpad", "ltrim", "max", "md5", "min", "mod", "nullif",
    "nvl", "position", "power", "rank", "regexp_count", "regexp_instr", "regexp_replace", "regexp_substr", "replace",
    "right", "round", "row_number", "rpad", "rtrim", "split_part", "strpos", "substr", "substring", "sum", "to_char",
    "to_date", "translate", "trim", "upper",
    # type names written with a length or precision
    "decimal", "numeric", "varchar", "char",
}
ENGINE_FUNCTIONS = {
    "snowflake": COMMON_FUNCTIONS | {
        "array_to_string", "contains", "date_from_parts", "hash", "json_extract_path_text", "object_construct",
        "object_construct_keep_null", "regexp_like", "regexp_substr_all", "split_to_table", "startswith",
        "to_json", "to_number", "transform", "try_cast", "try_hex_decode_string", "try_to_date", "iff", "flatten",
    },
    "redshift": COMMON_FUNCTIONS | {
        "farmfingerprint64", "from_hex", "from_varbyte", "json_extract_path_text", "json_serialize", "object",
        "getdate", "len", "strtol",
    },
}
# Keywords that sqlglot tokenizes apart and that are functions when followed by a parenthesis.
FUNCTION_KEYWORDS = {TokenType.REPLACE, TokenType.LEFT, TokenType.RIGHT, TokenType.OBJECT, TokenType.VAR}
# DuckDB-only syntax (or syntax the engine lacks), by the text of a token, per engine.
FORBIDDEN_TOKENS = {
    "snowflake": {"->>": "`->>` (DuckDB/PostgreSQL JSON operator)", "~": "`~` (no such operator on Snowflake)"},
    "redshift": {
        "->>": "`->>` (DuckDB/PostgreSQL JSON operator)",
        "->": "`->` (a lambda or JSON operator: Redshift has neither)",
        "exclude": "`select * exclude` (Redshift has no column exclusion)",
    },
}


def function_names(tokens: list[Token]) -> set[str]:
    """The names called as functions: a name followed by `(`, not a column list (`as t (c)`) nor qualified."""
    names = set()
    for before, token, after in zip([None, *tokens[:-1]], tokens, [*tokens[1:], None], strict=True):
        if after is None or after.token_type != TokenType.L_PAREN or token.token_type not in FUNCTION_KEYWORDS:
            continue
        if before is not None and before.token_type in (TokenType.ALIAS, TokenType.DOT):
            continue
        names.add(token.text.lower())
    return names


def problems(sql: str, dialect: str) -> list[str]:
    """What is wrong with one compiled SQL text on the engine, or []."""
    try:
        statements = sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE)
    except SqlglotError as error:
        return [f"sqlglot ({dialect}) cannot parse it: {str(error).splitlines()[0]}"]
    if not [statement for statement in statements if statement is not None]:
        return ["no statement"]
    tokens = sqlglot.tokenize(sql, read=dialect)
    found = [
        f"function {name}() does not exist on {dialect} (or is not on the checked list)"
        for name in sorted(function_names(tokens) - ENGINE_FUNCTIONS[dialect])
    ]
    for token in tokens:
        reason = FORBIDDEN_TOKENS[dialect].get(token.text.lower())
        if reason:
            found.append(f"{reason} at line {token.line}")
    for position, token in enumerate(tokens[:-1]):
        # A list comprehension `[x for x in …]` parses as an array on some dialects: its `for` inside brackets.
        if token.token_type == TokenType.L_BRACKET and any(
            later.token_type == TokenType.FOR for later in tokens[position + 1: position + 6]
        ):
            found.append(f"list comprehension (DuckDB only) at line {token.line}")
    return sorted(set(found))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True, type=Path)
    parser.add_argument("--sql", nargs="*", type=Path, default=[])
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    dialect = manifest["metadata"].get("adapter_type")
    if dialect not in ENGINE_FUNCTIONS:
        print(f"FAIL {args.manifest}: not a Snowflake or Redshift manifest (adapter {dialect})")
        return 1
    if args.sql:
        checked = {str(path): path.read_text(encoding="utf-8") for path in args.sql}
    else:
        checked = {
            unique_id: node["compiled_code"]
            for unique_id, node in sorted(manifest["nodes"].items())
            if node["resource_type"] in ("model", "test", "analysis") and node.get("compiled_code")
        }
    failures = 0
    for name, sql in checked.items():
        for problem in problems(sql, dialect):
            failures += 1
            print(f"FAIL {name}: {problem}")
    print(f"{dialect}: {len(checked)} compiled statement(s) checked, {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
