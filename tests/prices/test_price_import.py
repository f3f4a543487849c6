"""The CSV import service: all rows or none, with errors that name row and column."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from prices.models import PriceRecord
from prices.selectors import price_catalogue_lookups, price_record_count
from prices.services import RowError, price_record_validate_row, price_records_import
from tests.prices.factories import PriceRecordFactory

pytestmark = pytest.mark.django_db

GOOD_ROWS = (
    "wm-1,2024-03-10,test-washer,wont-drain,Bosch,7,50,140,70,260,repaired,1234ab,Jansen",
    "wm-2,2024-04-02,test-washer,,Miele,,,,,310.50,quote_declined,3511,",
    ",2024-05-01,test-kettle,wont-heat,,2.5,,,,15,not_repairable,,",
)
GOOD = "wm-9,2024-03-10,test-washer,wont-drain,Bosch,7,50,140,70,260,repaired,1234 AB,Jansen"


def _row(**changes: str) -> str:
    """GOOD with some cells replaced."""
    columns = [
        "record_id", "repaired_on", "category", "symptom", "brand", "age_years", "parts_eur",
        "labour_eur", "callout_eur", "total_eur", "outcome", "postcode", "repairer",
    ]  # fmt: skip
    cells = dict(zip(columns, GOOD.split(","), strict=True))
    cells.update(changes)
    return ",".join(cells[c] for c in columns)


def test_comma_separated_file_adds_every_row(catalogue, write_csv):
    result = price_records_import(source=write_csv(*GOOD_ROWS))

    assert (result.added, result.updated, result.errors) == (3, 0, [])
    record = PriceRecord.objects.get(record_id="wm-1")
    assert record.category.slug == "test-washer"
    assert record.symptom.slug == "wont-drain"
    assert (record.parts_eur, record.labour_eur, record.callout_eur) == (50, 140, 70)
    assert record.total_eur == Decimal("260.00")
    assert record.age_years == 7.0
    assert record.postcode == "1234 AB"
    assert record.origin == PriceRecord.Origin.IMPORT
    assert PriceRecord.objects.get(record_id=None).symptom.slug == "wont-heat"


def test_semicolon_separated_file_accepts_decimal_commas(catalogue, tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text(
        "record_id;repaired_on;category;age_years;parts_eur;labour_eur;callout_eur;total_eur;"
        "outcome\n"
        "wm-1;2024-03-10;test-washer;7,5;50,25;140;70;260,25;repaired\n"
        "wm-2;2024-03-11;test-washer;;;;;99.90;repaired\n",
        encoding="utf-8",
    )

    result = price_records_import(source=path)

    assert (result.added, result.errors) == (2, [])
    record = PriceRecord.objects.get(record_id="wm-1")
    assert (record.age_years, record.parts_eur, record.total_eur) == (
        7.5,
        Decimal("50.25"),
        Decimal("260.25"),
    )
    assert PriceRecord.objects.get(record_id="wm-2").total_eur == Decimal("99.90")


def test_decimal_comma_is_refused_in_a_comma_separated_file(catalogue, write_csv):
    result = price_records_import(source=write_csv(_row(total_eur='"260,00"')))

    assert [(e.row, e.column) for e in result.errors] == [(1, "total_eur")]


def test_reimporting_a_record_id_updates_that_record_instead_of_adding_one(catalogue, write_csv):
    price_records_import(source=write_csv(*GOOD_ROWS))
    created_at = PriceRecord.objects.get(record_id="wm-1").created_at
    changed = GOOD_ROWS[0].replace(",260,repaired,", ",255,repaired,").replace(",70,", ",65,")

    result = price_records_import(source=write_csv(changed, GOOD_ROWS[1]))

    assert (result.added, result.updated) == (0, 2)
    assert price_record_count() == 3
    record = PriceRecord.objects.get(record_id="wm-1")
    assert (record.total_eur, record.callout_eur) == (Decimal("255.00"), Decimal("65.00"))
    assert record.created_at == created_at
    assert record.updated_at > created_at


def test_rows_without_record_id_are_added_on_every_import(catalogue, write_csv):
    path = write_csv(GOOD_ROWS[2])

    price_records_import(source=path)
    result = price_records_import(source=path)

    assert (result.added, result.updated) == (1, 0)
    assert price_record_count() == 2


def test_one_bad_row_refuses_the_whole_file_and_changes_nothing(catalogue, write_csv):
    PriceRecordFactory(record_id="wm-1", category=catalogue["test-washer"], total_eur=99)
    before = price_record_count()

    result = price_records_import(
        source=write_csv(*GOOD_ROWS, _row(record_id="wm-4", category="toaster-oven"))
    )

    assert result.errors == [RowError(4, "category", "unknown category 'toaster-oven'")]
    assert (result.added, result.updated) == (0, 0)
    assert price_record_count() == before
    assert PriceRecord.objects.get(record_id="wm-1").total_eur == Decimal("99.00")


def test_every_bad_row_is_reported_not_only_the_first(catalogue, write_csv):
    result = price_records_import(
        source=write_csv(
            _row(record_id="a", outcome="fixed"), GOOD, _row(record_id="b", age_years="61")
        )
    )

    assert [(e.row, e.column) for e in result.errors] == [(1, "outcome"), (3, "age_years")]


def test_dry_run_counts_but_writes_nothing(catalogue, write_csv):
    PriceRecordFactory(record_id="wm-1", category=catalogue["test-washer"])

    result = price_records_import(source=write_csv(*GOOD_ROWS), dry_run=True)

    assert (result.added, result.updated, result.errors) == (2, 1, [])
    assert price_record_count() == 1


TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()
RULES = [
    pytest.param({"repaired_on": TOMORROW}, "repaired_on", "is in the future", id="future-date"),
    pytest.param({"repaired_on": "10-03-2024"}, "repaired_on", "YYYY-MM-DD", id="date-not-iso"),
    pytest.param({"repaired_on": "2024-02-30"}, "repaired_on", "YYYY-MM-DD", id="no-such-day"),
    pytest.param({"repaired_on": ""}, "repaired_on", "required", id="date-missing"),
    pytest.param(
        {"category": "toaster-oven"}, "category", "unknown category", id="unknown-category"
    ),
    pytest.param(
        {
            "category": "test-kettle",
            "symptom": "wont-drain",
            "parts_eur": "",
            "labour_eur": "",
            "callout_eur": "",
        },
        "symptom",
        "unknown symptom 'wont-drain' for category 'test-kettle'",
        id="symptom-of-another-category",
    ),  # fmt: skip
    pytest.param({"age_years": "61"}, "age_years", "outside 0 to 60", id="age-61"),
    pytest.param({"age_years": "-1"}, "age_years", "outside 0 to 60", id="age-negative"),
    pytest.param(
        {"parts_eur": "", "labour_eur": "", "callout_eur": "", "total_eur": "0"},
        "total_eur",
        "must be more than 0",
        id="total-zero",
    ),
    pytest.param({"total_eur": ""}, "total_eur", "required", id="total-missing"),
    pytest.param({"total_eur": "NaN"}, "total_eur", "is not a number", id="total-nan"),
    pytest.param({"total_eur": "1e3"}, "total_eur", "is not a number", id="total-exponent"),
    pytest.param(
        {"total_eur": "300"}, "total_eur", "differs from total_eur 300.00", id="parts-dont-add-up"
    ),
    pytest.param(
        {"callout_eur": "", "total_eur": "150"},
        "total_eur",
        "more than total_eur 150.00",
        id="partial-components-exceed-total",
    ),
    pytest.param({"parts_eur": "-5"}, "parts_eur", "must be 0 or more", id="negative-amount"),
    pytest.param({"parts_eur": "50.005"}, "parts_eur", "more than 2 decimals", id="sub-cent"),
    pytest.param({"outcome": "fixed"}, "outcome", "'fixed' is not one of", id="bad-outcome"),
    pytest.param({"postcode": "12345"}, "postcode", "not a Dutch postcode", id="bad-postcode"),
    pytest.param({"postcode": "0123 AB"}, "postcode", "not a Dutch postcode", id="postcode-0"),
    pytest.param({"brand": "=HYPERLINK(1)"}, "brand", "starts with '='", id="formula-equals"),
    pytest.param({"repairer": "+31 6 1234"}, "repairer", "formula", id="formula-plus"),
    pytest.param({"brand": "-cmd"}, "brand", "formula", id="formula-minus"),
    pytest.param({"record_id": "@SUM(A1)"}, "record_id", "formula", id="formula-at"),
    pytest.param({"brand": "B" * 81}, "brand", "too long (81 characters, at most 80)", id="long"),
]


@pytest.mark.parametrize(("changes", "column", "message"), RULES)
def test_a_row_breaking_a_rule_is_refused_naming_row_and_column(
    catalogue, write_csv, changes, column, message
):
    result = price_records_import(source=write_csv(GOOD, _row(**{"record_id": "x", **changes})))

    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert message in result.errors[0].message
    assert price_record_count() == 0


def test_a_first_data_row_in_another_encoding_is_the_only_error(catalogue, tmp_path, write_csv):
    path = tmp_path / "latin1-first.csv"
    path.write_bytes(write_csv(_row(brand="Liebherr Société")).read_bytes()
                     .replace("é".encode(), "é".encode("latin-1")))  # fmt: skip

    result = price_records_import(source=path)

    assert [(e.row, e.column) for e in result.errors] == [(1, "file")]


@pytest.mark.parametrize(
    ("raw", "stored"), [("1234ab", "1234 AB"), ("1234 AB", "1234 AB"), ("1234", "1234")]
)
def test_postcodes_are_normalised(catalogue, write_csv, raw, stored):
    price_records_import(source=write_csv(_row(postcode=raw)))

    assert PriceRecord.objects.get().postcode == stored


def test_duplicate_record_id_within_the_file_is_refused(catalogue, write_csv):
    result = price_records_import(source=write_csv(GOOD, GOOD))

    assert result.errors == [RowError(2, "record_id", "'wm-9' also appears in row 1")]
    assert price_record_count() == 0


def test_a_record_of_another_source_with_the_same_id_is_left_alone(catalogue, write_csv):
    synthetic = PriceRecordFactory(
        record_id="wm-9", origin=PriceRecord.Origin.SYNTHETIC, total_eur=Decimal("99.00")
    )

    result = price_records_import(source=write_csv(GOOD))

    assert (result.ok, result.added, result.updated) == (True, 1, 0)
    synthetic.refresh_from_db()
    assert (synthetic.total_eur, synthetic.source_key) == (Decimal("99.00"), "synthetic")
    imported = PriceRecord.objects.get(record_id="wm-9", source_key="import")
    assert imported.total_eur == Decimal("260.00")


def test_row_with_the_wrong_number_of_cells_is_refused(catalogue, write_csv):
    result = price_records_import(source=write_csv(GOOD + ",extra"))

    assert result.errors == [RowError(1, "row", "has 14 cells, the header 13")]


def test_blank_lines_are_skipped_and_not_counted_as_data_rows(catalogue, write_csv):
    result = price_records_import(source=write_csv(GOOD, "", _row(outcome="fixed")))

    assert [(e.row, e.column) for e in result.errors] == [(2, "outcome")]


def test_optional_columns_may_be_left_out_of_the_header(catalogue, write_csv):
    path = write_csv(
        "2024-01-02,test-kettle,12.5,repaired", header="repaired_on,category,total_eur,outcome"
    )

    result = price_records_import(source=path)

    assert (result.added, result.errors) == (1, [])


def test_header_names_are_matched_case_insensitively(catalogue, write_csv):
    path = write_csv(
        "2024-01-02,test-kettle,12.5,repaired", header="Repaired_On,CATEGORY,total_eur,outcome"
    )

    assert price_records_import(source=path).added == 1


def test_missing_required_header_column_is_refused(catalogue, write_csv):
    path = write_csv("2024-01-02,test-kettle,repaired", header="repaired_on,category,outcome")

    result = price_records_import(source=path)

    assert [str(e) for e in result.errors] == ["row 0, header: missing column total_eur"]


def test_unknown_extra_column_is_refused(catalogue, write_csv):
    path = write_csv(
        "2024-01-02,test-kettle,12.5,repaired,hi",
        header="repaired_on,category,total_eur,outcome,notes",
    )

    result = price_records_import(source=path)

    assert [str(e) for e in result.errors] == ["row 0, header: unknown column 'notes'"]


def test_empty_file_is_refused(catalogue, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    result = price_records_import(source=path)

    assert [(e.row, e.column) for e in result.errors] == [(0, "file")]
    assert "empty" in result.errors[0].message


def test_header_without_data_rows_is_refused(catalogue, write_csv):
    result = price_records_import(source=write_csv())

    assert [str(e) for e in result.errors] == [
        "row 0, file: the file has a header but no data rows"
    ]


def test_non_utf8_bytes_are_refused_naming_the_encoding_problem(catalogue, tmp_path, write_csv):
    path = tmp_path / "latin1.csv"
    path.write_bytes(write_csv(GOOD, _row(record_id="x", brand="Liebherr Société")).read_bytes()
                     .replace("é".encode(), "é".encode("latin-1")))  # fmt: skip

    result = price_records_import(source=path)

    assert [(e.row, e.column) for e in result.errors] == [(2, "file")]
    assert "not UTF-8" in result.errors[0].message
    assert "0xe9" in result.errors[0].message
    assert price_record_count() == 0


def test_binary_content_is_refused_as_not_csv_text(catalogue, tmp_path):
    path = tmp_path / "prices.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U\x14")

    result = price_records_import(source=path)

    assert [(e.row, e.column) for e in result.errors] == [(0, "file")]
    assert "binary" in result.errors[0].message


def test_byte_order_mark_at_the_start_is_accepted(catalogue, tmp_path, write_csv):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + write_csv(GOOD).read_bytes())

    assert price_records_import(source=path).added == 1


def test_text_stream_source_is_accepted(catalogue, write_csv):
    stream = io.StringIO("\ufeff" + write_csv(GOOD).read_text(encoding="utf-8"))

    assert price_records_import(source=stream).added == 1


def test_partner_name_fills_empty_repairer_cells(catalogue, write_csv):
    price_records_import(
        source=write_csv(_row(repairer=""), _row(record_id="b")), partner="Fixit BV"
    )

    assert sorted(PriceRecord.objects.values_list("repairer", flat=True)) == ["Fixit BV", "Jansen"]


def test_import_stops_checking_after_the_error_limit(catalogue, write_csv):
    rows = [_row(record_id=f"r{i}", outcome="fixed") for i in range(5)]

    result = price_records_import(source=write_csv(*rows), max_errors=3)

    assert [e.row for e in result.errors] == [1, 2, 3, 4]
    assert "stopped checking" in result.errors[-1].message


def test_validator_accepts_json_values_with_the_same_rules(catalogue):
    values, errors = price_record_validate_row(
        row={
            "repaired_on": "2024-01-02",
            "category": "test-washer",
            "age_years": 4,
            "parts_eur": 50.5,
            "labour_eur": None,
            "total_eur": 120,
            "outcome": "repaired",
        },
        row_number=1,
        lookups=price_catalogue_lookups(),
    )

    assert errors == []
    assert (values["age_years"], values["parts_eur"], values["total_eur"]) == (
        4.0,
        Decimal("50.50"),
        Decimal("120.00"),
    )


def test_validator_reports_unknown_fields_and_missing_required_ones(catalogue):
    values, errors = price_record_validate_row(
        row={"category": "test-kettle", "colour": "red"},
        row_number=7,
        lookups=price_catalogue_lookups(),
    )

    assert values is None
    assert [str(e) for e in errors] == [
        "row 7, colour: unknown column",
        "row 7, repaired_on: required",
        "row 7, total_eur: required",
        "row 7, outcome: required",
    ]
