"""The import_prices, load_demo_prices and generate_price_csv commands: output and exit codes."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from prices.models import PriceRecord
from prices.selectors import price_record_count
from prices.services import price_records_import
from tests.prices.factories import PriceRecordFactory

pytestmark = pytest.mark.django_db

GOOD = "wm-1,2024-03-10,test-washer,wont-drain,Bosch,7,50,140,70,260,repaired,1234 AB,Jansen"
SECOND = "wm-2,2024-03-11,test-washer,,,,,,,99,repaired,,"


def _run(*args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(*args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_import_prices_prints_added_and_updated_counts(catalogue, write_csv):
    PriceRecordFactory(record_id="wm-1", category=catalogue["test-washer"])

    stdout, stderr = _run("import_prices", str(write_csv(GOOD, SECOND)))

    assert stdout == "import_prices: 1 added, 1 updated\n"
    assert stderr == ""


def test_import_prices_dry_run_prints_what_would_happen_and_writes_nothing(catalogue, write_csv):
    stdout, _ = _run("import_prices", str(write_csv(GOOD, SECOND)), "--dry-run")

    assert stdout == "import_prices (dry run): 2 would be added, 0 would be updated\n"
    assert price_record_count() == 0


def test_import_prices_prints_each_error_to_stderr_and_fails(catalogue, write_csv):
    bad = SECOND.replace(",99,repaired,", ",0,fixed,")
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="2 error"):
        call_command("import_prices", str(write_csv(GOOD, bad)), stderr=stderr)

    assert stderr.getvalue().splitlines() == [
        "row 2, total_eur: must be more than 0",
        "row 2, outcome: 'fixed' is not one of not_repairable, quote_declined, repaired",
    ]
    assert price_record_count() == 0


def test_import_prices_exits_with_status_1_on_errors(catalogue, write_csv, capsys):
    path = write_csv(GOOD, header="repaired_on,category,outcome")

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_prices", str(path)])

    assert exit_info.value.code == 1
    assert "row 0, header: missing column total_eur" in capsys.readouterr().err


def test_import_prices_exits_with_status_0_on_success(catalogue, write_csv, capsys):
    execute_from_command_line(["manage.py", "import_prices", str(write_csv(GOOD))])

    assert capsys.readouterr().out == "import_prices: 1 added, 0 updated\n"


def test_import_prices_names_a_file_that_cannot_be_read(catalogue, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_prices", str(tmp_path / "missing.csv"))


def test_load_demo_prices_adds_records_once_then_reports_already_loaded(catalogue):
    first, _ = _run("load_demo_prices", "--count", "40")
    second, _ = _run("load_demo_prices", "--count", "40")

    assert first == "load_demo_prices: 40 added\n"
    assert second == "load_demo_prices: already loaded\n"
    assert PriceRecord.objects.filter(origin=PriceRecord.Origin.SYNTHETIC).count() == 40


def test_load_demo_prices_with_a_larger_count_adds_only_the_missing_records(catalogue):
    _run("load_demo_prices", "--count", "20")

    stdout, _ = _run("load_demo_prices", "--count", "30")

    assert stdout == "load_demo_prices: 10 added\n"


def test_load_demo_prices_without_a_catalogue_asks_to_load_it(db):
    from appliances.models import Category

    Category.objects.all().delete()

    with pytest.raises(CommandError, match="load_catalogue"):
        call_command("load_demo_prices", "--count", "5")


@pytest.mark.parametrize("separator", [",", ";"])
def test_generate_price_csv_writes_a_file_that_imports_cleanly(catalogue, tmp_path, separator):
    out = tmp_path / "bench.csv"

    stdout, _ = _run(
        "generate_price_csv", "--rows", "200", "--out", str(out), "--separator", separator
    )

    assert stdout == f"generate_price_csv: 200 rows written to {out}\n"
    result = price_records_import(source=out, dry_run=True)
    assert (result.added, result.errors) == (200, [])


def test_generate_price_csv_with_semicolons_writes_decimal_commas(catalogue, tmp_path):
    out = tmp_path / "bench.csv"

    _run("generate_price_csv", "--rows", "5", "--out", str(out), "--separator", ";")

    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert all("," in row["total_eur"] and "." not in row["total_eur"] for row in rows)
    assert date.fromisoformat(rows[0]["repaired_on"]) <= date.today()
