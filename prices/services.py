"""Writes of repair price records: the CSV import and the synthetic demo data."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from os import PathLike
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone

from prices.models import PriceRecord
from prices.selectors import price_catalogue_lookups
from prices.validation import (
    COLUMNS,
    KNOWN_COLUMNS,
    REQUIRED_COLUMNS,
    CatalogueLookups,
    RowError,
    price_record_validate_row,
)

__all__ = [
    "BATCH_SIZE",
    "MAX_ERRORS",
    "ImportResult",
    "PriceImportError",
    "RowError",
    "price_record_validate_row",
    "price_records_import",
    "price_records_load_demo",
]

BATCH_SIZE = 5000
MAX_ERRORS = 1000
UPDATE_FIELDS = [
    PriceRecord._meta.get_field(name)
    for name in [*(c for c in COLUMNS if c != "record_id"), "origin", "updated_at"]
]
# The validator's value keys (model attnames) and their database columns, in COPY order.
VALUE_KEYS = [PriceRecord._meta.get_field(name).attname for name in COLUMNS]
VALUE_COLUMNS = [PriceRecord._meta.get_field(name).column for name in COLUMNS]
UPDATE_VALUE_KEYS = [f.attname for f in UPDATE_FIELDS[:-2]]  # all but origin and updated_at


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do); nothing is written when there are errors."""

    added: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class PriceImportError(Exception):
    """An import that cannot run at all; the message says what to do."""


class _FileError(Exception):
    """The file cannot be read on: the message names the problem."""


class _Rollback(Exception):
    """Undo every write of an import that found errors."""


def _byte_lines(stream: IO[bytes]) -> Iterator[str]:
    """Decode line by line so a bad byte is reported at its row, not somewhere in a buffer."""
    for number, line in enumerate(stream, start=1):
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if b"\x00" in line:
            raise _FileError(
                "the file contains NUL bytes: it looks binary (e.g. an Excel .xlsx), "
                "not CSV text; export it as 'CSV UTF-8'"
            )
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _FileError(
                f"the file is not UTF-8 text (byte 0x{line[exc.start]:02x} cannot be decoded); "
                "save it as 'CSV UTF-8'"
            ) from None


def _text_lines(stream: IO[str]) -> Iterator[str]:
    for number, line in enumerate(stream, start=1):
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        if "\x00" in line:
            raise _FileError("the file contains NUL characters: it looks binary, not CSV text")
        yield line


def _source_lines(source: Any) -> tuple[Iterator[str], IO | None]:
    """Lines of the source and, when this function opened it, the file to close."""
    if isinstance(source, str | PathLike):
        handle = open(source, "rb")  # noqa: SIM115 - closed by the caller
        return _byte_lines(handle), handle
    if isinstance(source, io.RawIOBase | io.BufferedIOBase):
        return _byte_lines(source), None
    return _text_lines(source), None


def _header(lines: Iterator[str]) -> tuple[list[str], Iterator[list[str]], bool, list[RowError]]:
    """Read the header; return (columns, data-row reader, decimal comma?, header errors)."""
    first = next(lines, None)
    if first is None or not first.strip():
        raise _FileError("the file is empty: expected a header line and data rows")
    # The header names contain neither separator, so whichever occurs more often is the one.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(chain([first], lines), delimiter=delimiter)
    columns = [name.strip().lower() for name in next(reader)]
    errors = [RowError(0, "header", f"missing column {c}") for c in REQUIRED_COLUMNS]
    errors = [e for e, c in zip(errors, REQUIRED_COLUMNS, strict=True) if c not in columns]
    seen: set[str] = set()
    for name in columns:
        if name not in KNOWN_COLUMNS:
            errors.append(RowError(0, "header", f"unknown column '{name}'"))
        elif name in seen:
            errors.append(RowError(0, "header", f"column {name} appears twice"))
        seen.add(name)
    return columns, reader, delimiter == ";", errors


def _csv_rows(
    columns: list[str], reader: Iterator[list[str]], errors: list[RowError]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Data rows as (row number, {column: cell}); cell-count problems go to `errors`."""
    width = len(columns)
    row_number = 0  # data rows so far; blank lines are skipped and not counted
    try:
        for cells in reader:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            row_number += 1
            if len(cells) != width:
                errors.append(
                    RowError(row_number, "row", f"has {len(cells)} cells, the header {width}")
                )
                continue
            yield row_number, dict(zip(columns, cells, strict=True))
    except csv.Error as exc:
        errors.append(RowError(row_number + 1, "file", f"malformed CSV: {exc}"))
        return
    except _FileError as exc:
        errors.append(RowError(row_number + 1, "file", str(exc)))
        return
    if row_number == 0:
        errors.append(RowError(0, "file", "the file has a header but no data rows"))


def _existing_records(record_ids: list[str]) -> dict[str, tuple[int, str]]:
    if connection.vendor == "postgresql":
        # One array parameter: Django's `__in` sends one placeholder per id, and parsing 5,000
        # placeholders per batch cost several seconds per million rows.
        sql = (
            f"SELECT record_id, id, origin FROM {_quote(PriceRecord._meta.db_table)} "  # noqa: S608 - name from model meta
            "WHERE record_id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [record_ids])
            return {record_id: (pk, origin) for record_id, pk, origin in cursor.fetchall()}
    return {
        record_id: (pk, origin)
        for record_id, pk, origin in PriceRecord.objects.filter(record_id__in=record_ids)
        .values_list("record_id", "id", "origin")
        .iterator()
    }


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _copy_rows(cursor: Any, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """Stream rows into `table` with PostgreSQL COPY: no SQL text or model instance per row."""
    names = ", ".join(_quote(column) for column in columns)
    with cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _copy_create_records(records: list[dict[str, Any]], *, origin: str) -> None:
    """Insert new records with COPY, in the import's transaction so a rollback still undoes it.

    bulk_create spent most of a million-row import building model instances and SQL parameters.
    """
    if not records:
        return
    now = timezone.now()
    columns = [*VALUE_COLUMNS, "origin", "created_at", "updated_at"]
    rows = ((*(values[key] for key in VALUE_KEYS), origin, now, now) for values in records)
    with connection.cursor() as cursor:
        _copy_rows(cursor, PriceRecord._meta.db_table, columns, rows)


def _copy_update_records(records: list[tuple[int, dict[str, Any]]], *, origin: str) -> None:
    """Overwrite existing records from a COPY-filled temporary table with one UPDATE … FROM."""
    if not records:
        return
    table = _quote(PriceRecord._meta.db_table)
    staging = "price_import_updates"
    columns = [_quote(f.column) for f in UPDATE_FIELDS]
    now = timezone.now()
    rows = (
        (pk, *(values[key] for key in UPDATE_VALUE_KEYS), origin, now) for pk, values in records
    )
    assignments = ", ".join(f"{column} = staged.{column}" for column in columns)
    with connection.cursor() as cursor:
        # The table's column types without its constraints; dropped again at the end.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} AS "  # noqa: S608 - names from model meta
            f"SELECT id, {', '.join(columns)} FROM {table} WITH NO DATA"
        )
        _copy_rows(cursor, staging, ["id", *(f.column for f in UPDATE_FIELDS)], rows)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {staging} AS staged "  # noqa: S608 - names from model meta
            f"WHERE {table}.id = staged.id"
        )
        cursor.execute(f"DROP TABLE {staging}")


def _update_records(records: list[tuple[int, dict[str, Any]]], *, origin: str) -> None:
    """Overwrite existing records by primary key.

    One parametrised UPDATE run with executemany: Django's bulk_update builds a CASE per column
    over the whole batch, which took minutes for 100k rows on SQLite (see docs/prices.md).
    """
    if not records:
        return
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in UPDATE_FIELDS)
    sql = f"UPDATE {quote(PriceRecord._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608 - names from model meta, values parametrised
    now = timezone.now()
    params = []
    for pk, values in records:
        record = PriceRecord(**values, origin=origin, updated_at=now)
        params.append(
            [f.get_db_prep_save(getattr(record, f.attname), connection) for f in UPDATE_FIELDS]
            + [pk]
        )
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH_SIZE):
            cursor.executemany(sql, params[start : start + BATCH_SIZE])


def _import_rows(
    *,
    rows: Iterable[tuple[int, dict[str, Any]]],
    errors: list[RowError],
    lookups: CatalogueLookups,
    decimal_comma: bool,
    dry_run: bool,
    origin: str,
    repairer: str,
    max_errors: int,
) -> ImportResult:
    """Validate every row and write in batches; any error rolls the whole import back."""
    today = timezone.localdate()
    result = ImportResult(errors=errors)
    seen_ids: dict[str, int] = {}
    batch: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        ids = [values["record_id"] for _, values in batch if values["record_id"]]
        existing = _existing_records(ids) if ids else {}
        to_create: list[dict[str, Any]] = []
        to_update: list[tuple[int, dict[str, Any]]] = []
        for row_number, values in batch:
            if values["record_id"] not in existing:
                to_create.append(values)
                continue
            pk, existing_origin = existing[values["record_id"]]
            if existing_origin != origin:
                errors.append(
                    RowError(
                        row_number,
                        "record_id",
                        f"'{values['record_id']}' belongs to a record of origin "
                        f"{existing_origin}, which an import of origin {origin} may not change",
                    )
                )
                continue
            to_update.append((pk, values))
        result.added += len(to_create)
        result.updated += len(to_update)
        if dry_run or errors:
            pass  # keep checking the remaining rows; nothing more is written
        elif connection.vendor == "postgresql":
            _copy_create_records(to_create, origin=origin)
            _copy_update_records(to_update, origin=origin)
        else:
            PriceRecord.objects.bulk_create(
                [PriceRecord(**values, origin=origin) for values in to_create],
                batch_size=BATCH_SIZE,
            )
            _update_records(to_update, origin=origin)
        batch.clear()

    try:
        with transaction.atomic():
            for row_number, row in rows:
                if len(errors) >= max_errors:
                    errors.append(
                        RowError(row_number, "file", f"over {max_errors} errors; stopped checking")
                    )
                    break
                values, row_errors = price_record_validate_row(
                    row=row,
                    row_number=row_number,
                    lookups=lookups,
                    decimal_comma=decimal_comma,
                    today=today,
                )
                if row_errors:
                    errors.extend(row_errors)
                    continue
                if record_id := values["record_id"]:
                    if record_id in seen_ids:
                        errors.append(
                            RowError(
                                row_number,
                                "record_id",
                                f"'{record_id}' also appears in row {seen_ids[record_id]}",
                            )
                        )
                        continue
                    seen_ids[record_id] = row_number
                if repairer and not values["repairer"]:
                    values["repairer"] = repairer
                batch.append((row_number, values))
                if len(batch) >= BATCH_SIZE:
                    flush()
            if batch:
                flush()
            if errors:
                raise _Rollback
    except _Rollback:
        pass
    if errors:
        result.added = result.updated = 0
        errors.sort(key=lambda error: error.row)
    return result


def price_records_import(
    *,
    source: IO[str] | IO[bytes] | str | PathLike,
    dry_run: bool = False,
    origin: str = PriceRecord.Origin.IMPORT,
    partner: str | None = None,
    max_errors: int = MAX_ERRORS,
) -> ImportResult:
    """Import a price CSV (format in docs/prices.md): all rows or, on any error, none.

    Re-importing a `record_id` updates that record. `partner` names the sender and fills empty
    `repairer` cells. Row errors are returned, not raised; reading stops after `max_errors`.
    """
    lines, opened = _source_lines(source)
    try:
        try:
            columns, reader, decimal_comma, errors = _header(lines)
        except (_FileError, csv.Error) as exc:
            return ImportResult(errors=[RowError(0, "file", str(exc))])
        if errors:
            return ImportResult(errors=errors)
        result = _import_rows(
            rows=_csv_rows(columns, reader, errors),
            errors=errors,
            lookups=price_catalogue_lookups(),
            decimal_comma=decimal_comma,
            dry_run=dry_run,
            origin=origin,
            repairer=partner or "",
            max_errors=max_errors,
        )
    finally:
        if opened is not None:
            opened.close()
    if not dry_run and not result.errors and (result.added or result.updated):
        from ml.services import retrain_schedule_if_due  # ml reads prices: import late

        retrain_schedule_if_due()
    return result


def price_records_load_demo(*, count: int = 3000, seed: int = 7, today: date | None = None) -> int:
    """Add the synthetic demo records that are not there yet; return how many were added.

    Record ids are fixed (`synthetic-0000001`, ...), so a second run adds nothing.
    """
    from prices.synthetic import synthetic_price_records

    rows = list(synthetic_price_records(n=count, seed=seed, today=today))
    existing = set(
        PriceRecord.objects.filter(record_id__in=[r["record_id"] for r in rows]).values_list(
            "record_id", flat=True
        )
    )
    missing = ((n, row) for n, row in enumerate(rows, start=1) if row["record_id"] not in existing)
    result = _import_rows(
        rows=missing,
        errors=[],
        lookups=price_catalogue_lookups(),
        decimal_comma=False,
        dry_run=False,
        origin=PriceRecord.Origin.SYNTHETIC,
        repairer="",
        max_errors=MAX_ERRORS,
    )
    if result.errors:
        raise PriceImportError(f"synthetic demo data failed validation: {result.errors[0]}")
    return result.added
