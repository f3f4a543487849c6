"""The retailer's pages: sign in once with the partner API token, upload a CSV of sold appliances,
download their label sheet and see what came of the passports.

Partners have no user accounts; the API token they already hold is the credential. After it is
pasted once, the session remembers the retailer (until sign-out, the browser closes, or the token
is rotated). See docs/retailers.md.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.throttling import limit_per_client
from maintenance.apis import label_sheet_response
from maintenance.passport_forms import PassportCsvForm, RetailerSignInForm
from maintenance.retailers import (
    PASSPORT_FIELDS,
    CsvUnreadable,
    PassportsRejected,
    partner_is_retailer,
    passport_records_from_csv,
    retailer_passports_issue,
)
from maintenance.selectors import retailer_passport_stats, retailer_passports
from partners.models import Partner
from partners.selectors import partner_get_by_api_token

SESSION_PARTNER = "retailer_partner_id"
SESSION_TOKEN = "retailer_token_hash"  # noqa: S105 - a session key name, not a secret
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}


def _private(response):
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response


def signed_in_retailer(request) -> Partner | None:
    """The retailer of this session, if its API token has not been rotated since sign-in."""
    partner_id = request.session.get(SESSION_PARTNER)
    if partner_id is None:
        return None
    partner = Partner.objects.filter(pk=partner_id).first()
    token_hash = request.session.get(SESSION_TOKEN, "")
    if not partner_is_retailer(partner) or not constant_time_compare(
        partner.api_token_hash, token_hash
    ):
        return None
    return partner


@require_http_methods(["GET", "POST"])
@limit_per_client("retailer-sign-in", "PASSPORT_RATE_LIMIT")
def retailer_sign_in(request):
    form = RetailerSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = partner_get_by_api_token(token=form.cleaned_data["api_token"].strip())
        if not partner_is_retailer(partner):
            form.add_error("api_token", RetailerSignInForm.invalid_message)
        else:
            request.session.cycle_key()
            request.session[SESSION_PARTNER] = partner.pk
            request.session[SESSION_TOKEN] = partner.api_token_hash
            request.session.set_expiry(0)  # ends when the browser closes
            return redirect("maintenance:retailer-passports")
    return _private(
        render(
            request,
            "maintenance/retailer_sign_in.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    )


@require_POST
def retailer_sign_out(request):
    request.session.flush()
    return redirect("maintenance:retailer-sign-in")


def _row_errors(errors: dict) -> list[dict]:
    """Errors by CSV row number (the header is row 1), then field, for the preview table."""
    by_index = errors.get("passports", {})
    if not isinstance(by_index, dict):
        return [{"row": None, "field": "", "messages": by_index}]
    return [
        {"row": int(index) + 2, "field": field, "messages": messages}
        for index, fields in sorted(by_index.items(), key=lambda item: int(item[0]))
        for field, messages in fields.items()
    ]


@require_http_methods(["GET", "POST"])
@limit_per_client("retailer-upload", "PASSPORT_RATE_LIMIT")
def retailer_passports_page(request):
    partner = signed_in_retailer(request)
    if partner is None:
        return redirect("maintenance:retailer-sign-in")
    context = {"partner": partner, "columns": PASSPORT_FIELDS}
    form = PassportCsvForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            records = passport_records_from_csv(form.cleaned_data["file"].read())
            issued = retailer_passports_issue(partner=partner, records=records)
        except CsvUnreadable as error:
            form.add_error("file", str(error))
        except PassportsRejected as rejected:
            context["row_errors"] = _row_errors(rejected.errors)
            status = 400
        else:
            return redirect(f"{request.path}?batch={issued.batch}")
    if form.errors:
        status = 400
    batch = request.GET.get("batch", "")[:32]
    if batch:
        context["batch"] = batch
        context["issued"] = list(retailer_passports(partner=partner, batch=batch))
    context["form"] = form
    context["stats"] = retailer_passport_stats(partner=partner)
    return _private(render(request, "maintenance/retailer_passports.html", context, status=status))


@require_GET
def retailer_labels(request):
    partner = signed_in_retailer(request)
    if partner is None:
        return redirect("maintenance:retailer-sign-in")
    batch = request.GET.get("batch", "")[:32]
    passports = list(retailer_passports(partner=partner, batch=batch)) if batch else []
    if not passports:
        raise Http404
    return label_sheet_response(request, passports)
