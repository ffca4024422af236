"""The bare match floor: the least work that finds drug mentions in the raw files, in one DuckDB query.

Reads the CSV (and JSON) files, tokenises lower-cased, accent-stripped titles with
`regexp_split_to_array` + `unnest`, hash-joins the first word of each drug name and checks the
next ones. No cleaning, no merging, no marts, no tests, no export: it is the floor the full
pipeline is compared with. Writes the mention pairs (atccode, kind, id) to a Parquet file.

    python bench/floor.py RAW_DIR OUT.parquet [--threads N] [--memory-limit 3GB]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

FLOOR_SQL = r"""
copy (
    with
    articles as (
        select 'pubmed' as kind, id, title
        from read_csv('{raw}/pubmed*.csv', all_varchar = true, null_padding = true, parallel = false,
                      union_by_name = true)
        union all
        select 'pubmed' as kind, r ->> '$.id' as id, r ->> '$.title' as title
        from (
            select unnest(cast(json_extract(regexp_replace(content, ',(\s*[\]}}])', '\1', 'g'), '$[*]') as json[])) as r
            from read_text('{raw}/pubmed*.json')
        )
        union all
        select 'clinical_trial' as kind, id, scientific_title as title
        from read_csv('{raw}/clinical_trials*.csv', all_varchar = true, null_padding = true, parallel = false,
                      union_by_name = true)
    ),
    titles as (
        select kind, id, regexp_split_to_array(lower(strip_accents(title)), '[^\p{{L}}\p{{N}}]+') as words
        from articles
        where title is not null
    ),
    drugs as (
        select
            atccode,
            list_filter(regexp_split_to_array(lower(strip_accents(trim(drug))), '[^\p{{L}}\p{{N}}]+'),
                        lambda w: w <> '') as name_words
        from read_csv('{raw}/drugs*.csv', all_varchar = true, null_padding = true, parallel = false)
        where drug is not null
    ),
    positions as (
        select kind, id, words, unnest(range(1, len(words) + 1)) as position
        from titles
    ),
    candidates as (
        select positions.kind, positions.id, positions.words, positions.position, drugs.atccode, drugs.name_words
        from positions
        inner join drugs on positions.words[positions.position] = drugs.name_words[1]
    )
    select distinct atccode, kind, coalesce(trim(id), '') as id
    from candidates
    where list_slice(words, position, position + len(name_words) - 1) = name_words
) to '{out}' (format parquet)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="3GB")
    args = parser.parse_args()
    connection = duckdb.connect(config={"threads": args.threads, "memory_limit": args.memory_limit})
    connection.execute(FLOOR_SQL.format(raw=args.raw_dir.resolve(), out=args.out.resolve()))


if __name__ == "__main__":
    main()
