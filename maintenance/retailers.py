"""Passports issued by retailers: batches of sold appliances (partner API or CSV upload), their
label text and the count of label scans (their reads are in selectors.py).

A retailer never gives a buyer's e-mail address: the buyer scans the label and opts in to
reminders on the passport page (double opt-in), like anyone who made a passport themselves.
"""

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from appliances.models import Category
from common.api_errors import RecordsRejected
from maintenance.models import Appliance
from maintenance.services import TOKEN_BYTES
from partners.models import Partner

MAX_BATCH_PASSPORTS = 500
MAX_CSV_BYTES = 1_000_000
# The fields of one passport, in the API and as the CSV header.
PASSPORT_FIELDS = ("category", "brand", "model", "purchase_date", "purchase_price_eur")
REQUIRED_FIELDS = ("category", "purchase_date")
MAX_LENGTHS = {"brand": 80, "model": 120}
MAX_PRICE_EUR = Decimal("1000000")
# A field that would carry a consumer's contact details: refused with its own reason.
CONTACT_FIELDS = ("email", "e-mail", "e_mail", "mail", "phone", "telephone", "name", "buyer")
LABEL_SOURCE = "label"  # ?src=label marks a page opened through the printed QR label
EXTRA_CELLS = "extra_cells"  # the field of a CSV row with more cells than the header has columns


class PassportsRejected(RecordsRejected):
    """A batch with errors: nothing was written. `errors` is keyed by record index, then field,
    as the partner price records API does; messages are lazy, in the reader's language."""


def partner_is_retailer(partner: Partner | None) -> bool:
    return partner is not None and partner.kind == Partner.Kind.RETAILER and partner.is_active


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _validate_record(
    record: Any, *, categories: dict[str, Category], today: date
) -> tuple[dict | None, dict[str, list[str]]]:
    """(the values of one passport, or None; its errors by field)."""
    if not isinstance(record, dict):
        return None, {"non_field_errors": [_("Expected an object with the passport fields.")]}
    errors: dict[str, list[str]] = {}
    for field in record:
        if str(field).strip().lower() in CONTACT_FIELDS:
            errors[field] = [
                _(
                    "Passports carry no contact details: the buyer opts in to reminders "
                    "themselves on the passport page."
                )
            ]
        elif field == EXTRA_CELLS:
            errors[field] = [_("More cells than there are columns in the first row.")]
        elif field not in PASSPORT_FIELDS:
            errors[field] = [
                format_lazy(
                    _("Unknown field; the fields are {fields}."), fields=", ".join(PASSPORT_FIELDS)
                )
            ]
    values: dict[str, Any] = {}
    for field in REQUIRED_FIELDS:
        if not _text(record.get(field)):
            errors.setdefault(field, []).append(_("This field is required."))
    slug = _text(record.get("category"))
    if slug:
        if slug in categories:
            values["category"] = categories[slug]
        else:
            errors.setdefault("category", []).append(
                format_lazy(
                    _("Unknown category '{slug}'; see /api/v1/categories/."), slug=slug[:50]
                )
            )
    for field, limit in MAX_LENGTHS.items():
        values[field] = _text(record.get(field))
        if len(values[field]) > limit:
            errors.setdefault(field, []).append(
                format_lazy(_("At most {limit} characters."), limit=limit)
            )
    if raw_date := _text(record.get("purchase_date")):
        try:
            values["purchase_date"] = date.fromisoformat(raw_date)
        except ValueError:
            errors.setdefault("purchase_date", []).append(_("Use the date format YYYY-MM-DD."))
        else:
            if values["purchase_date"] > today:
                errors.setdefault("purchase_date", []).append(_("Must not be in the future."))
    values["purchase_price_eur"] = None
    if raw_price := _text(record.get("purchase_price_eur")):
        try:
            price = Decimal(raw_price.replace(",", "."))
        except InvalidOperation:
            price = None
        if price is not None and price.is_finite() and price.as_tuple().exponent < -2:
            # By the digits written: "1.200" is 1200 to a Dutch reader, never EUR 1.20.
            errors.setdefault("purchase_price_eur", []).append(
                _("At most 2 decimals, without thousands separators: write 1200, not 1.200.")
            )
        elif price is None or not price.is_finite() or not 0 <= price < MAX_PRICE_EUR:
            errors.setdefault("purchase_price_eur", []).append(
                _("A price in euros of 0 or more, e.g. 499.00.")
            )
        else:
            values["purchase_price_eur"] = price.quantize(Decimal("0.01"))
    return (None if errors else values), errors


@dataclass(frozen=True)
class IssuedBatch:
    batch: str
    passports: list[Appliance]


@transaction.atomic
def retailer_passports_issue(*, partner: Partner, records: Any) -> IssuedBatch:
    """Create a passport for every sold appliance in `records`: all of them, or none when any
    record has an error (PassportsRejected, errors by 0-based record index then field)."""
    if not partner_is_retailer(partner):
        raise PassportsRejected({"passports": [_("Only retailer partners issue passports.")]})
    if not isinstance(records, list):
        raise PassportsRejected({"passports": [_("Expected a list of passports.")]})
    if not records:
        raise PassportsRejected({"passports": [_("Send at least one passport.")]})
    if len(records) > MAX_BATCH_PASSPORTS:
        message = format_lazy(
            _("At most {limit} passports at once, not {count}."),
            limit=MAX_BATCH_PASSPORTS,
            count=len(records),
        )
        raise PassportsRejected({"passports": [message]})
    categories = {category.slug: category for category in Category.objects.all()}
    today = timezone.localdate()
    errors: dict[str, dict[str, list[str]]] = {}
    rows: list[dict] = []
    for index, record in enumerate(records):
        values, record_errors = _validate_record(record, categories=categories, today=today)
        if record_errors:
            errors[str(index)] = record_errors
        else:
            rows.append(values)
    if errors:
        raise PassportsRejected({"passports": errors})
    batch = secrets.token_hex(8)
    passports = [
        Appliance(
            token=secrets.token_urlsafe(TOKEN_BYTES),
            category=values["category"],
            brand=values["brand"],
            model_name=values["model"],
            purchase_date=values["purchase_date"],
            purchase_price_eur=values["purchase_price_eur"],
            issued_by=partner,
            issue_batch=batch,
        )
        for values in rows
    ]
    Appliance.objects.bulk_create(passports)
    # Read back: bulk_create gives no primary keys on every database backend.
    created = list(
        Appliance.objects.filter(issued_by=partner, issue_batch=batch)
        .select_related("category")
        .order_by("pk")
    )
    return IssuedBatch(batch=batch, passports=created)


class CsvUnreadable(Exception):
    """The uploaded file is not a CSV file of passports; the message says what to fix."""


def passport_records_from_csv(data: bytes) -> list[dict[str, str]]:
    """The records of a CSV upload (header row with PASSPORT_FIELDS; comma or semicolon)."""
    if len(data) > MAX_CSV_BYTES:
        raise CsvUnreadable(
            format_lazy(_("The file is larger than {size} kB."), size=MAX_CSV_BYTES // 1000)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvUnreadable(_("Save the file as CSV in UTF-8.")) from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or "category" not in [f.strip() for f in reader.fieldnames]:
        raise CsvUnreadable(
            format_lazy(
                _("The first row must name the columns: {columns}."),
                columns=", ".join(PASSPORT_FIELDS),
            )
        )
    records = []
    for row in reader:
        if None in row:
            row.pop(None)  # more cells than columns: reported as an unknown field below
            row[EXTRA_CELLS] = "x"
        record = {(key or "").strip(): (value or "").strip() for key, value in row.items()}
        if any(record.values()):
            records.append({key: value for key, value in record.items() if value})
    return records


def passport_label_path(appliance: Appliance) -> str:
    """The address a printed label encodes: the passport page, marked as opened by a scan."""
    return f"{appliance.get_absolute_url()}?src={LABEL_SOURCE}"


def passport_label_lines(appliance: Appliance, *, language: str = "nl") -> list[str]:
    """The text beside a retailer's QR label: its name first, then what the appliance is."""
    lines = [appliance.issued_by.display_name if appliance.issued_by else "De Moeite Waard"]
    lines.append(appliance.category.name(language))
    model = " ".join(part for part in (appliance.brand, appliance.model_name) if part)
    if model:
        lines.append(model)
    lines.append("Scan: onderhoud & advies" if language == "nl" else "Scan: care & advice")
    return lines


def passport_label_scanned(*, appliance: Appliance) -> None:
    """Count one open of the passport through its label; the first one is timestamped."""
    Appliance.objects.filter(pk=appliance.pk).update(
        label_scans=F("label_scans") + 1,
        first_scanned_at=Coalesce(F("first_scanned_at"), timezone.now()),
    )
