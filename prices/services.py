"""Writes of repair price records: the one door every record comes in through (CSV import,
partner API, lead outcomes, consumer follow-ups) and the synthetic demo data.

A record_id is unique within its source (`PriceSource.key`: the origin, or partner:<id>), so one
sender's ids never block another's. Consumer-reported prices are compared with the trusted band of
their category and symptom; one far outside it is kept, marked untrusted, and not trained on.
"""

import csv
import io
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from os import PathLike
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from common.api_errors import DomainError
from prices.models import PriceRecord
from prices.selectors import price_catalogue_lookups, price_trusted_band
from prices.signals import price_records_written
from prices.synthetic import synthetic_price_records
from prices.validation import (
    COLUMNS,
    KNOWN_COLUMNS,
    REQUIRED_COLUMNS,
    UNVERIFIED_ORIGINS,
    CatalogueLookups,
    PriceBand,
    RowError,
    price_record_untrusted_reason,
    price_record_validate_row,
)

__all__ = [
    "BATCH_SIZE",
    "MAX_ERRORS",
    "ImportResult",
    "PriceImportError",
    "PriceRecordInvalid",
    "PriceSource",
    "RowError",
    "price_record_submit",
    "price_records_confirm",
    "price_records_reject",
    "price_record_validate_row",
    "price_record_write",
    "price_records_import",
    "price_records_load_demo",
    "price_records_write",
]

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
MAX_ERRORS = 1000
TRUST_FIELDS = ["trusted", "excluded_reason", "needs_review"]
UPDATE_FIELDS = [
    PriceRecord._meta.get_field(name)
    for name in [*(c for c in COLUMNS if c != "record_id"), *TRUST_FIELDS, "updated_at"]
]
# The validator's value keys (model attnames) and their database columns, in COPY order.
VALUE_KEYS = [PriceRecord._meta.get_field(name).attname for name in COLUMNS]
VALUE_COLUMNS = [PriceRecord._meta.get_field(name).column for name in COLUMNS]
UPDATE_VALUE_KEYS = [f.attname for f in UPDATE_FIELDS[:-1]]  # all but updated_at


@dataclass(frozen=True)
class PriceSource:
    """Who sends price records: their origin and, for a partner, which one. `key` is the
    namespace of their record ids."""

    origin: str
    partner_id: int | None = None

    @classmethod
    def of_partner(cls, partner: Any) -> "PriceSource":
        return cls(PriceRecord.Origin.PARTNER_API, partner.pk)

    @property
    def key(self) -> str:
        return self.origin if self.partner_id is None else f"partner:{self.partner_id}"


class PriceRecordInvalid(DomainError):
    """One record that breaks the price rules; `errors` name the columns."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors[0].message, field=errors[0].column)
        self.errors = errors


class _TrustBands:
    """Trusted bands per (category, symptom), each read once per write."""

    def __init__(self) -> None:
        self._bands: dict[tuple[int, int | None], PriceBand] = {}

    def reason(self, values: Mapping[str, Any]) -> str:
        key = (values["category_id"], values["symptom_id"])
        if key not in self._bands:
            self._bands[key] = price_trusted_band(category_id=key[0], symptom_id=key[1])
        return price_record_untrusted_reason(total_eur=values["total_eur"], band=self._bands[key])


def _trust_mark(records: Iterable[dict[str, Any]], *, source: PriceSource, bands: _TrustBands):
    """Set `trusted`, `excluded_reason` and `needs_review` on each record's values (in place):
    an unverified price far outside the band waits for a data steward (price_records_confirm)."""
    check = source.origin in UNVERIFIED_ORIGINS
    for values in records:
        reason = bands.reason(values) if check else ""
        values["trusted"], values["excluded_reason"] = not reason, reason
        values["needs_review"] = bool(reason)


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do); nothing is written when there are errors."""

    added: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class PriceImportError(DomainError):
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


def _existing_records(source_key: str, record_ids: list[str]) -> dict[str, int]:
    """Primary keys of the records with these ids in one source's namespace."""
    if connection.vendor == "postgresql":
        # One array parameter: Django's `__in` sends one placeholder per id, and parsing 5,000
        # placeholders per batch cost several seconds per million rows.
        sql = (
            f"SELECT record_id, id FROM {_quote(PriceRecord._meta.db_table)} "  # noqa: S608 - name from model meta
            "WHERE source_key = %s AND record_id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [source_key, record_ids])
            return dict(cursor.fetchall())
    return dict(
        PriceRecord.objects.filter(source_key=source_key, record_id__in=record_ids)
        .values_list("record_id", "id")
        .iterator()
    )


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _copy_rows(cursor: Any, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """Stream rows into `table` with PostgreSQL COPY: no SQL text or model instance per row."""
    names = ", ".join(_quote(column) for column in columns)
    with cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _copy_create_records(records: list[dict[str, Any]], *, source: PriceSource) -> None:
    """Insert new records with COPY, in the caller's transaction so a rollback still undoes it.

    bulk_create spent most of a million-row import building model instances and SQL parameters.
    """
    if not records:
        return
    now = timezone.now()
    columns = [*VALUE_COLUMNS, *TRUST_FIELDS, "origin", "partner_id", "source_key", "created_at",
               "updated_at"]  # fmt: skip
    fixed = (source.origin, source.partner_id, source.key, now, now)
    rows = (
        (*(values[key] for key in VALUE_KEYS), *(values[key] for key in TRUST_FIELDS), *fixed)
        for values in records
    )
    with connection.cursor() as cursor:
        _copy_rows(cursor, PriceRecord._meta.db_table, columns, rows)


def _copy_update_records(records: list[tuple[int, dict[str, Any]]]) -> None:
    """Overwrite existing records from a COPY-filled temporary table with one UPDATE … FROM."""
    if not records:
        return
    table = _quote(PriceRecord._meta.db_table)
    staging = "price_import_updates"
    columns = [_quote(f.column) for f in UPDATE_FIELDS]
    now = timezone.now()
    rows = ((pk, *(values[key] for key in UPDATE_VALUE_KEYS), now) for pk, values in records)
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


def _update_records(records: list[tuple[int, dict[str, Any]]]) -> None:
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
        record = PriceRecord(**values, updated_at=now)
        params.append(
            [f.get_db_prep_save(getattr(record, f.attname), connection) for f in UPDATE_FIELDS]
            + [pk]
        )
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH_SIZE):
            cursor.executemany(sql, params[start : start + BATCH_SIZE])


def price_records_write(
    *,
    source: PriceSource,
    records: list[dict[str, Any]],
    dry_run: bool = False,
    bands: _TrustBands | None = None,
) -> tuple[int, int]:
    """Store validated records of one source (values from `price_record_validate_row`, ids unique
    in the list); return (added, updated).

    A record_id the source sent before updates that record; other sources' ids are never looked
    at. Consumer prices far outside the trusted band are stored marked untrusted (not trained on).
    On PostgreSQL new rows go in with COPY; the caller's transaction makes a batch all or nothing.
    """
    ids = [values["record_id"] for values in records if values["record_id"]]
    existing = _existing_records(source.key, ids) if ids else {}
    to_create = [values for values in records if values["record_id"] not in existing]
    to_update = [
        (existing[values["record_id"]], values)
        for values in records
        if values["record_id"] in existing
    ]
    if dry_run:
        return len(to_create), len(to_update)
    _trust_mark(records, source=source, bands=bands or _TrustBands())
    if connection.vendor == "postgresql":
        _copy_create_records(to_create, source=source)
        _copy_update_records(to_update)
    else:
        PriceRecord.objects.bulk_create(
            [
                PriceRecord(
                    **values,
                    origin=source.origin,
                    partner_id=source.partner_id,
                    source_key=source.key,
                )
                for values in to_create
            ],  # fmt: skip
            batch_size=BATCH_SIZE,
        )
        _update_records(to_update)
    untrusted = sum(not values["trusted"] for values in records)
    if untrusted:
        logger.warning(
            "%s of %s %s price records are outside the trusted band: kept, not trained on",
            untrusted, len(records), source.key,
        )  # fmt: skip
    price_records_written.send(sender=PriceRecord, added=len(to_create), updated=len(to_update))
    return len(to_create), len(to_update)


def price_record_write(*, source: PriceSource, values: dict[str, Any]) -> PriceRecord:
    """Store one validated record of `source` (see `price_records_write`) and return it."""
    values = dict(values)
    _trust_mark([values], source=source, bands=_TrustBands())
    fixed = {"origin": source.origin, "partner_id": source.partner_id}
    if record_id := values.pop("record_id"):
        record, _ = PriceRecord.objects.update_or_create(
            source_key=source.key, record_id=record_id, defaults={**values, **fixed}
        )
    else:
        record = PriceRecord.objects.create(**values, **fixed, source_key=source.key)
    if not record.trusted:
        logger.warning(
            "Price record %s (%s) outside the trusted band: %s",
            record.pk, source.key, record.excluded_reason,
        )  # fmt: skip
    return record


def price_records_confirm(*, records: QuerySet[PriceRecord], user: Any) -> int:
    """A data steward vouches for flagged prices (e.g. a dear but real repair): from now on they
    are trusted and trained on. Returns how many were confirmed; unflagged records are skipped."""
    now = timezone.now()
    return records.filter(needs_review=True).update(
        trusted=True, needs_review=False, reviewed_by=user, reviewed_at=now, updated_at=now
    )


def price_records_reject(*, records: QuerySet[PriceRecord], user: Any) -> int:
    """A data steward finds flagged prices wrong: kept for the record, never trained on, and no
    longer waiting for review. Returns how many were rejected."""
    now = timezone.now()
    return records.filter(needs_review=True).update(
        trusted=False, needs_review=False, reviewed_by=user, reviewed_at=now, updated_at=now
    )


def price_record_submit(*, source: PriceSource, row: Mapping[str, Any]) -> PriceRecord:
    """Check one record in the CSV columns (prices.validation) and store it; raise
    PriceRecordInvalid with every error when it breaks a rule."""
    values, errors = price_record_validate_row(
        row=row, row_number=1, lookups=price_catalogue_lookups()
    )
    if errors:
        raise PriceRecordInvalid(errors)
    return price_record_write(source=source, values=values)


def _import_rows(
    *,
    rows: Iterable[tuple[int, dict[str, Any]]],
    errors: list[RowError],
    lookups: CatalogueLookups,
    decimal_comma: bool,
    dry_run: bool,
    source: PriceSource,
    repairer: str,
    max_errors: int,
) -> ImportResult:
    """Validate every row and write in batches; any error rolls the whole import back."""
    today = timezone.localdate()
    result = ImportResult(errors=errors)
    seen_ids: dict[str, int] = {}
    batch: list[tuple[int, dict[str, Any]]] = []
    bands = _TrustBands()

    def flush() -> None:
        added, updated = price_records_write(
            source=source,
            records=[values for _, values in batch],
            dry_run=dry_run or bool(errors),  # after an error only checking goes on
            bands=bands,
        )
        result.added += added
        result.updated += updated
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
            source=PriceSource(origin),
            repairer=partner or "",
            max_errors=max_errors,
        )
    finally:
        if opened is not None:
            opened.close()
    return result


def price_records_load_demo(*, count: int = 3000, seed: int = 7, today: date | None = None) -> int:
    """Add the synthetic demo records that are not there yet; return how many were added.

    Record ids are fixed (`synthetic-0000001`, ...), so a second run adds nothing.
    """
    rows = list(synthetic_price_records(n=count, seed=seed, today=today))
    source = PriceSource(PriceRecord.Origin.SYNTHETIC)
    existing = set(
        PriceRecord.objects.filter(
            source_key=source.key, record_id__in=[r["record_id"] for r in rows]
        ).values_list("record_id", flat=True)
    )
    missing = ((n, row) for n, row in enumerate(rows, start=1) if row["record_id"] not in existing)
    result = _import_rows(
        rows=missing,
        errors=[],
        lookups=price_catalogue_lookups(),
        decimal_comma=False,
        dry_run=False,
        source=source,
        repairer="",
        max_errors=MAX_ERRORS,
    )
    if result.errors:
        raise PriceImportError(f"synthetic demo data failed validation: {result.errors[0]}")
    return result.added
