"""A small, independent implementation of the README's rules, in plain Python: the oracle of the differential
fuzz test (tests/python/test_differential_fuzz.py).

It reads a raw folder the way the README describes it and returns what the pipeline should build: drugs,
publications, journals, mentions, journal mentions, rejected and merged rows, ambiguous dates, the per-file
reconciliation and the JSON graph. It never reads the project's SQL; where the README is silent, it follows
what the dbt models do, and says so where it does. One module per step:

- raw_files: listing the folder, reading CSV (RFC 4180) and JSON files into raw rows
- cleaning: trimming, whitespace, escape text, the words of a text
- dates: the three date layouts and the day-first reading
- drugs: what each drugs row becomes
- publications: validation (rejection reasons) and merging (split trials, duplicates, id conflicts)
- mentions: drug matching, journals, journal mentions and the graph
- outcome: the whole run, as comparable sets

Entry point: `reference.outcome.expected_outcome(raw_dir)`.
"""
