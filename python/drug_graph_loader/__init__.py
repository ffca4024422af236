"""The raw-file loader of the drug graph project on DuckDB.

The dbt project calls it through a dbt-duckdb plugin (``plugin.py``), whose SQL functions the start-of-run
hook (``macros/duckdb_raw_loader.sql``, a thin caller) uses. The work itself is plain Python, tested in
``tests/python`` without dbt (docs/loader.md):

* ``listing``: which raw files the folder holds, by kind (names are data: matched, never globbed);
* ``fingerprint``: size, CRC-32 and UTF-8 validity of a file, in one streaming pass;
* ``csv_layout``: the delimiter and column positions of a CSV file, from its header;
* ``json_records``: a JSON array of objects, checked and rewritten as newline-delimited JSON;
* ``inspect``: the read plan of a new file (what the raw views read, and how);
* ``changes``: the listed files against the registered ones (new, touched, changed, vanished; the drugs stop);
* ``registration``: the state in schema ``raw`` and each step of the hook: its statement, rules and statements;
* ``raw_views``: the SQL of the raw views (grouped CSV reads, copies, JSON rows, batch views);
* ``sql_text``: names and paths as quoted SQL data.
"""
