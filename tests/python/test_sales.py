"""End to end on the sales sample seeds (seeds/sales): build the sales resources into a temporary DuckDB file,
then check the two analyses and the two marts against answers computed by hand from the seeds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DBT = REPO / ".venv" / "bin" / "dbt"
SALES_SELECTOR = ["tag:sales"]

# Question 1 on seeds/sales/transactions.csv, 2019 only, days with sales (the textbook analysis).
EXPECTED_DAILY_REVENUE = [
    ("2019-01-01", Decimal("524.24")),  # 50*1 + 3.56*4 + 50*2 + 300*1 + 10*6
    ("2019-01-03", Decimal("33.56")),  # 10*2 + 10*1 (same product twice in order 1103) + 3.56*1
    ("2019-02-14", Decimal("35.60")),  # 3.56*10
    ("2019-06-15", Decimal("351.00")),  # 25.50*2 (product 111111, not in the nomenclature) + 300*1
    ("2019-12-31", Decimal("449.99")),  # 299.99*1 + 50*3
]
PERIOD_TOTAL = Decimal("1394.39")

# Question 2: (client_id, ventes_meuble, ventes_deco, ventes_inconnues). Clients 321 (2018 only) and 555
# (2020 only) are absent; 123 bought only decoration, 777 only furniture.
EXPECTED_CLIENT_SALES = [
    ("123", Decimal("0.00"), Decimal("69.16"), Decimal("0.00")),  # deco 20 + 10 + 3.56 + 35.60
    ("777", Decimal("449.99"), Decimal("0.00"), Decimal("0.00")),  # furniture 299.99 + 150
    ("845", Decimal("700.00"), Decimal("60.00"), Decimal("51.00")),  # furniture 100 + 300 + 300, deco 60
    ("999", Decimal("50.00"), Decimal("14.24"), Decimal("0.00")),  # furniture 50, deco 3.56*4
]


def dbt_env(work_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RAW_DATA_DIR=str(REPO / "data" / "sample"),
        DUCKDB_PATH=str(work_dir / "sales.duckdb"),
        OUTPUT_DIR=str(work_dir / "output"),
        DBT_PROFILES_DIR=str(REPO),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DBT_TARGET="duckdb",
    )
    return env


def run_dbt(args: list[str], work_dir: Path, project: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Runs dbt in the repository (or a copy of it) with target and log folders of its own, so runs never share
    state."""
    command = [str(DBT), *args, "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")]
    return subprocess.run(command, cwd=project, env=dbt_env(work_dir), capture_output=True, text=True, check=False)


def show(analysis: str, work_dir: Path, variables: str | None = None) -> list[dict]:
    args = ["show", "--select", analysis, "--output", "json", "--quiet", "--limit", "-1"]
    if variables:
        args += ["--vars", variables]
    result = run_dbt(args, work_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout, parse_float=Decimal)["show"]


def query(work_dir: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(work_dir / "sales.duckdb"), read_only=True) as connection:
        return connection.sql(sql).fetchall()


@pytest.fixture(scope="module")
def sales_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work_dir = tmp_path_factory.mktemp("sales")
    result = run_dbt(["build", "--select", *SALES_SELECTOR], work_dir)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return work_dir, result.stdout


def test_build_warns_about_the_product_missing_from_the_nomenclature(sales_build: tuple[Path, str]) -> None:
    _, log = sales_build
    assert "WARN 1 sales_unknown_products_in_period" in log
    assert " ERROR=0 " in log


def test_daily_revenue_analysis(sales_build: tuple[Path, str]) -> None:
    work_dir, _ = sales_build
    rows = show("sales_daily_revenue", work_dir)
    assert [(row["date"], row["ventes"]) for row in rows] == EXPECTED_DAILY_REVENUE
    assert list(rows[0]) == ["date", "ventes"]


def test_sales_by_client_and_type_analysis(sales_build: tuple[Path, str]) -> None:
    work_dir, _ = sales_build
    rows = show("sales_by_client_and_type", work_dir)
    assert list(rows[0]) == ["client_id", "ventes_meuble", "ventes_deco"]
    assert [(row["client_id"], row["ventes_meuble"], row["ventes_deco"]) for row in rows] == [
        expected[:3] for expected in EXPECTED_CLIENT_SALES
    ]


def test_daily_revenue_mart_lists_every_day_of_2019(sales_build: tuple[Path, str]) -> None:
    work_dir, _ = sales_build
    rows = query(work_dir, "select date, ventes from marts.fct_sales_daily_revenue order by date")
    assert len(rows) == 365
    assert rows[0][0] == date(2019, 1, 1)
    assert rows[-1][0] == date(2019, 12, 31)
    with_sales = [(day.isoformat(), ventes) for day, ventes in rows if ventes != 0]
    assert with_sales == EXPECTED_DAILY_REVENUE
    assert dict(rows)[date(2019, 1, 2)] == Decimal("0.00")
    assert all(isinstance(ventes, Decimal) for _, ventes in rows)
    assert sum(ventes for _, ventes in rows) == PERIOD_TOTAL


def test_client_product_types_mart(sales_build: tuple[Path, str]) -> None:
    work_dir, _ = sales_build
    rows = query(
        work_dir,
        "select client_id, ventes_meuble, ventes_deco, ventes_inconnues"
        " from marts.fct_sales_client_product_types order by client_id",
    )
    assert rows == EXPECTED_CLIENT_SALES
    assert sum(sum(row[1:]) for row in rows) == PERIOD_TOTAL


def test_exercise_example_with_the_period_set_to_2020(sales_build: tuple[Path, str]) -> None:
    """The seeds hold the exercise's five lines on 1 January 2020 (plus one line of client 555 on the 2nd)."""
    work_dir, _ = sales_build
    period = "{sales_period_start: '2020-01-01', sales_period_end: '2020-12-31'}"
    daily = show("sales_daily_revenue", work_dir, period)
    assert [(row["date"], row["ventes"]) for row in daily] == [
        ("2020-01-01", Decimal("524.24")),
        ("2020-01-02", Decimal(10)),
    ]
    clients = show("sales_by_client_and_type", work_dir, period)
    assert [(row["client_id"], row["ventes_meuble"], row["ventes_deco"]) for row in clients] == [
        ("555", Decimal(0), Decimal(10)),
        ("845", Decimal(400), Decimal(60)),
        ("999", Decimal(50), Decimal("14.24")),
    ]


def test_a_file_with_the_prod_id_header_gives_the_same_answers(
    sales_build: tuple[Path, str], tmp_path: Path
) -> None:
    """The staging model reads `prod_id` when the loaded table has it, `prop_id` (the exercise's spelling) if not."""
    work_dir, _ = sales_build
    shutil.copy(work_dir / "sales.duckdb", tmp_path / "sales.duckdb")
    with duckdb.connect(str(tmp_path / "sales.duckdb")) as connection:
        connection.execute("alter table raw.transactions rename column prop_id to prod_id")
    result = run_dbt(["run", "--select", "stg_sales__transactions"], tmp_path)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    assert query(tmp_path, "select count(*) from staging.stg_sales__transactions where product_id is null") == [(0,)]
    rows = show("sales_daily_revenue", tmp_path)
    assert [(row["date"], row["ventes"]) for row in rows] == EXPECTED_DAILY_REVENUE
    rows = show("sales_by_client_and_type", tmp_path)
    assert [(row["client_id"], row["ventes_meuble"], row["ventes_deco"]) for row in rows] == [
        expected[:3] for expected in EXPECTED_CLIENT_SALES
    ]


def test_the_sales_tag_builds_the_sales_domain_alone(sales_build: tuple[Path, str]) -> None:
    work_dir, log = sales_build
    built = {row[0] for row in query(work_dir, "select table_name from information_schema.tables")}
    assert {"transactions", "stg_sales__transactions", "fct_sales_daily_revenue"} <= built
    # nothing of the drug graph: the only intermediate models and dimensions built are the sales domain's
    layered = {name for name in built if name.startswith(("stg_pubmed", "int_", "dim_", "graph_"))}
    assert layered == {"int_sales_order_lines_in_period", "int_sales_period_days", "dim_sales_products"}
    assert "test_stg_sales__transactions_reads_prod_id_header" in log  # the unit tests come with their model


def project_copy(destination: Path) -> Path:
    """A copy of the dbt project (without the virtual environments, build folders and git), to change a seed."""
    ignored = shutil.ignore_patterns(".venv*", ".git", "target", "logs", "output", "bench", "data", "__pycache__")
    shutil.copytree(REPO, destination, ignore=ignored)
    return destination


@pytest.mark.parametrize("headers", [("prod_id", "prop_id"), ("prop_id", "prod_id")], ids=["prod_then_prop", "prop_then_prod"])
def test_the_seed_header_may_change_on_an_existing_warehouse(tmp_path: Path, headers: tuple[str, str]) -> None:
    """`make run` with a transactions file headed `prod_id` (the exercise's column name) or `prop_id` (its sample's
    spelling) gives the same answers, and a header changed between two runs on one warehouse needs no
    --full-refresh (the unit tests' fixtures do not depend on the seed's header)."""
    project = project_copy(tmp_path / "project")
    seed = project / "seeds" / "sales" / "transactions.csv"
    original = seed.read_text()
    for header in headers:
        seed.write_text(original.replace(",prop_id,", f",{header},", 1))
        result = run_dbt(["build", "--select", *SALES_SELECTOR], tmp_path, project)
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
        columns = {row[0] for row in query(tmp_path, "select column_name from information_schema.columns"
                                                     " where table_schema = 'raw' and table_name = 'transactions'")}
        assert header in columns
        rows = query(tmp_path, "select client_id, ventes_meuble, ventes_deco, ventes_inconnues"
                               " from marts.fct_sales_client_product_types order by client_id")
        assert rows == EXPECTED_CLIENT_SALES
