"""The file logic of the graph export (models/exports/graph_export_files.py), apart from dbt and DuckDB.

The dbt model plans the parts and has DuckDB write every line and Parquet file; what it does with the files
themselves is plain Python, here, tested in ``tests/python/test_export_layout.py`` (docs/exports.md):

* ``layout``: the parts of the JSON file and where each goes: fixed lines, offsets, commas, the last parts;
* ``splice``: the JSON file assembled from byte ranges of the previous one and the changed parts' lines
  (``os.copy_file_range`` where it works, ``posix_fadvise`` and ``posix_fallocate`` where they exist);
* ``files``: writing under a temporary name, renaming once whole, removing what a failed or killed run left.
"""
