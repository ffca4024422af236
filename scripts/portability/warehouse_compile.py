"""Compile the project for Snowflake or Redshift with no network: dummy connection settings, no cache, no
introspection (as bigquery_compile.py does for BigQuery).

Usage: warehouse_compile.py --target snowflake|redshift --dbt PATH/TO/dbt --target-path DIR [--log-path DIR] [--inline FILE]

The network is cut (`unshare`, see bigquery_compile.network_cut_prefix), so the compile cannot reach a warehouse
even by mistake. Exits with dbt's return code (124 on timeout).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bigquery_compile import compile_offline

REPO = Path(__file__).resolve().parents[2]
# Settings that let the adapters build their credentials; nothing here reaches a server.
OFFLINE_SETTINGS = {
    "snowflake": {
        "SNOWFLAKE_ACCOUNT": "offline", "SNOWFLAKE_USER": "offline", "SNOWFLAKE_PASSWORD": "offline",
        "SNOWFLAKE_WAREHOUSE": "offline", "SNOWFLAKE_DATABASE": "DRUG_GRAPH", "SNOWFLAKE_ROLE": "pipeline",
    },
    "redshift": {
        "REDSHIFT_HOST": "offline.invalid", "REDSHIFT_USER": "offline", "REDSHIFT_PASSWORD": "offline",
        "REDSHIFT_DATABASE": "drug_graph",
    },
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, choices=sorted(OFFLINE_SETTINGS))
    parser.add_argument("--dbt", default=str(REPO / ".venv-portability" / "bin" / "dbt"))
    parser.add_argument("--target-path", required=True)
    parser.add_argument("--log-path", default=None)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--inline", type=Path, help="compile this SQL file's text instead (printed as JSON)")
    args = parser.parse_args()
    inline = ["--inline", args.inline.read_text(encoding="utf-8"), "--quiet", "--output", "json"] if args.inline else []
    env = dict(os.environ)
    env.update(OFFLINE_SETTINGS[args.target])
    env.update(DBT_PROFILES_DIR=str(REPO), DBT_TARGET=args.target, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    return compile_offline(args.dbt, args.target, env, args.target_path, args.log_path, inline, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
