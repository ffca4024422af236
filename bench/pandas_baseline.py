"""The typical pandas approach, for comparison: a `str.contains` regex per drug over every title.

    python bench/pandas_baseline.py RAW_DIR OUT.parquet

Its cost is titles x drugs; it is only run at a small size.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pandas as pd


def read_publications(raw_dir: Path) -> pd.DataFrame:
    frames = []
    for path in sorted(raw_dir.glob("pubmed*.csv")):
        frames.append(pd.read_csv(path, dtype=str, encoding="utf-8-sig").assign(kind="pubmed"))
    for path in sorted(raw_dir.glob("pubmed*.json")):
        text = re.sub(r",(\s*[\]}])", r"\1", path.read_text(encoding="utf-8-sig"))
        frames.append(pd.DataFrame(json.loads(text), dtype=str).assign(kind="pubmed"))
    for path in sorted(raw_dir.glob("clinical_trials*.csv")):
        trials = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
        frames.append(trials.rename(columns={"scientific_title": "title"}).assign(kind="clinical_trial"))
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    publications = read_publications(args.raw_dir)
    titles = publications["title"].fillna("")
    drugs = pd.concat(
        [pd.read_csv(path, dtype=str, encoding="utf-8-sig") for path in sorted(args.raw_dir.glob("drugs*.csv"))]
    ).dropna()
    found = []
    for atccode, drug in zip(drugs["atccode"], drugs["drug"], strict=True):
        pattern = r"\b" + r"\W+".join(re.escape(word) for word in drug.split()) + r"\b"
        mask = titles.str.contains(pattern, case=False, regex=True)
        hits = publications.loc[mask, ["kind", "id"]].assign(atccode=atccode)
        found.append(hits)
    pd.concat(found, ignore_index=True).drop_duplicates().to_parquet(args.out)


if __name__ == "__main__":
    main()
