"""Staff pages of the control room (inside the admin) and the public statistics page.

Views validate input, check a permission (403 otherwise) and call selectors and services.
"""

import functools
import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.csv_export import csv_response
from controlroom import charts, selectors, services
from controlroom.forms import PeriodForm, PriceConfirmForm, PriceUploadForm, ReasonForm
from ml.models import ModelVersion
from ml.selectors import model_version_active, model_version_list
from ml.services import ModelVersionError, model_version_promote, model_version_rollback
from repair_advice.models import Verdict

DASHBOARD_PERMISSION = "repair_advice.view_verdict"


def staff_view(permission: str):
    """Admin login for non-staff, then the given permission or 403."""

    def decorate(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return admin.site.admin_view(checked)

    return decorate


def _admin_render(request, template: str, context: dict, *, title: str, status: int = 200):
    context = {**admin.site.each_context(request), "title": title, **context}
    return render(request, template, context, status=status)


# --- dashboard -------------------------------------------------------------------------------


def _period(request) -> tuple[PeriodForm, selectors.Period]:
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        period = selectors.Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    else:
        period = selectors.period_default()
        if not form.is_bound:
            form = PeriodForm(initial={"date_from": period.date_from, "date_to": period.date_to})
    return form, period


def _chart_data(period: selectors.Period) -> dict:
    return {
        "verdicts_per_week": selectors.verdicts_per_week(period=period),
        "repair_share": selectors.repair_share_per_category(period=period),
        "co2e_avoided": selectors.co2e_avoided(period=period),
        "calibration": selectors.price_calibration(period=period),
        "partners": selectors.partner_contributions(period=period),
    }


CSV_CHARTS = {
    "verdicts_per_week": (
        ["week", "repair", "replace", "doubt"],
        lambda d: ([r["week"], r["repair"], r["replace"], r["doubt"]] for r in d),
    ),
    "repair_share": (
        ["category", "name", "verdicts", "repair_verdicts", "repair_share"],
        lambda d: (
            [r["category"], r["name"], r["total"], r["repair"], round(r["share"], 4)] for r in d
        ),
    ),
    "co2e_avoided": (
        ["week", "co2e_avoided_kg"],
        lambda d: ([r["week"], r["co2e_kg"]] for r in d["rows"]),
    ),
    "calibration": (
        ["source", "verdict", "predicted_eur", "reported_eur"],
        lambda d: (
            [r["source"], r["verdict"], r["predicted_eur"], r["reported_eur"]] for r in d["rows"]
        ),
    ),
    "partners": (
        ["partner", "price_records", "leads", "leads_repaired"],
        lambda d: ([r["partner"], r["price_records"], r["leads"], r["leads_repaired"]] for r in d),
    ),
}


@staff_view(DASHBOARD_PERMISSION)
@require_GET
def dashboard(request):
    form, period = _period(request)
    data = _chart_data(period)
    share_rows = [{**row, "percent": round(100 * row["share"], 1)} for row in data["repair_share"]]
    calibration = data["calibration"]
    co2e = data["co2e_avoided"]
    chart_list = [
        {
            "key": "verdicts_per_week",
            "title": _("Verdicts per week by outcome"),
            "svg": charts.stacked_weeks(
                data["verdicts_per_week"],
                list(selectors.OUTCOMES),
                _("Verdicts per week"),
                names={
                    outcome: str(Verdict.Outcome(outcome).label) for outcome in selectors.OUTCOMES
                },
            ),
        },
        {
            "key": "repair_share",
            "title": _("Repair share per category"),
            "svg": charts.horizontal_bars(
                share_rows,
                label="name",
                series=[("percent", _("repair share (%)"), charts.COLOURS["repair"])],
                title=_("Repair share per category"),
                maximum=100,
                fmt="{:.0f}%",
            ),
        },
        {
            "key": "co2e_avoided",
            "title": _("Estimated CO2e avoided by followed repair verdicts"),
            "svg": charts.horizontal_bars(
                [row for row in co2e["rows"]],
                label="week",
                series=[("co2e_kg", _("kg CO2e avoided"), charts.COLOURS["repair"])],
                title=_("CO2e avoided per week (kg)"),
                fmt=lambda value: number_format(value, 1),
            ),
        },
        {
            "key": "calibration",
            "title": _("Predicted versus reported repair prices"),
            "svg": charts.scatter(
                calibration["rows"],
                x="predicted_eur",
                y="reported_eur",
                title=_("Predicted versus reported repair price (EUR)"),
                x_label=_("predicted €"),
                y_label=_("reported €"),
            ),
        },
        {
            "key": "partners",
            "title": _("Price records and leads per partner"),
            "svg": charts.horizontal_bars(
                data["partners"],
                label="partner",
                series=[
                    ("price_records", _("price records"), charts.COLOURS["second"]),
                    ("leads", _("leads"), charts.COLOURS["doubt"]),
                ],
                title=_("Price records and leads per partner"),
            ),
        },
    ]
    query = f"?date_from={period.date_from:%Y-%m-%d}&date_to={period.date_to:%Y-%m-%d}"
    for chart in chart_list:
        chart["csv_url"] = reverse("controlroom:dashboard-csv", args=[chart["key"]]) + query
    return _admin_render(
        request,
        "controlroom/dashboard.html",
        {
            "form": form,
            "period": period,
            "charts": chart_list,
            "co2e": co2e,
            "calibration": calibration["summary"],
            "partners": data["partners"],
        },
        title=_("Control room dashboard"),
    )


@staff_view(DASHBOARD_PERMISSION)
@require_GET
def dashboard_csv(request, chart: str):
    if chart not in CSV_CHARTS:
        raise Http404(_("No such chart."))
    _form, period = _period(request)
    header, rows = CSV_CHARTS[chart]
    data = _chart_data(period)[chart]
    filename = f"{chart}_{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.csv"
    return csv_response(filename=filename, header=header, rows=rows(data))


# --- price import ----------------------------------------------------------------------------


@staff_view("prices.import_pricerecord")
def price_import(request):
    """Step 1: upload and preview (dry run). Step 2 (price_import_confirm): import that file."""
    form = PriceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        stored = services.price_upload_store(uploaded_file=form.cleaned_data["file"])
        partner = form.cleaned_data["partner"]
        partner_name = partner.name if partner else ""
        origin = form.cleaned_data["origin"]
        result = services.price_upload_preview(
            token=stored.token, origin=origin, partner=partner_name or None
        )
        confirm = PriceConfirmForm(
            initial={"token": stored.token, "origin": origin, "partner": partner_name}
        )
        return _admin_render(
            request,
            "controlroom/price_import_preview.html",
            {"result": result, "confirm": confirm, "file_name": stored.name, "form": form},
            title=_("Preview of the price import"),
        )
    return _admin_render(
        request, "controlroom/price_import.html", {"form": form}, title=_("Import price records")
    )


@staff_view("prices.import_pricerecord")
@require_POST
def price_import_confirm(request):
    form = PriceConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The confirmation was incomplete; upload the file again."))
        return redirect("controlroom:price-import")
    try:
        result = services.price_upload_import(
            token=form.cleaned_data["token"],
            origin=form.cleaned_data["origin"],
            partner=form.cleaned_data["partner"] or None,
        )
    except services.UploadExpiredError as exc:
        messages.error(request, str(exc))
        return redirect("controlroom:price-import")
    if not result.ok:
        return _admin_render(
            request,
            "controlroom/price_import_preview.html",
            {"result": result, "confirm": None, "form": PriceUploadForm()},
            title=_("The import found errors; nothing was written"),
        )
    messages.success(
        request,
        _("Imported price records: %(added)s added, %(updated)s updated.")
        % {"added": result.added, "updated": result.updated},
    )
    return redirect("admin:prices_pricerecord_changelist")


# --- model versions --------------------------------------------------------------------------


@staff_view("ml.view_modelversion")
@require_GET
def model_compare(request):
    active = model_version_active()
    versions = list(model_version_list()[:8])
    if active and active not in versions:
        versions.insert(0, active)
    versions.sort(key=lambda version: version != active)  # the active one first
    shown = versions[0] if versions else None  # the active one, or the newest
    calibration = (
        charts.reliability(
            selectors.model_reliability(shown),
            title=_("Calibration of %(label)s on its holdout") % {"label": shown.label},
        )
        if shown
        else None
    )
    return _admin_render(
        request,
        "controlroom/model_compare.html",
        {
            "versions": versions,
            "active": active,
            "groups": selectors.model_metric_groups(versions),
            "calibration_version": shown,
            "calibration_chart": calibration,
            "promotable": {ModelVersion.Status.CANDIDATE, ModelVersion.Status.REJECTED},
            "rollback_targets": {ModelVersion.Status.RETIRED},
            "can_retrain": request.user.has_perm("ml.retrain_modelversion"),
            "can_promote": request.user.has_perm("ml.promote_modelversion"),
        },
        title=_("Model versions"),
    )


def _lifecycle_action(request, version_id, *, action: str):
    version = get_object_or_404(ModelVersion, pk=version_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = f"{form.cleaned_data['reason']} (by {request.user.get_username()})"
        try:
            if action == "promote":
                model_version_promote(version=version, reason=reason)
            else:
                model_version_rollback(to_version=version, reason=reason)
        except ModelVersionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(label)s is now active.") % {"label": version.label})
        return redirect("controlroom:model-compare")
    return _admin_render(
        request,
        "controlroom/model_confirm.html",
        {"version": version, "form": form, "action": action},
        title=(_("Promote %(label)s") if action == "promote" else _("Roll back to %(label)s"))
        % {"label": version.label},
    )


@staff_view("ml.promote_modelversion")
def model_promote(request, version_id):
    return _lifecycle_action(request, version_id, action="promote")


@staff_view("ml.promote_modelversion")
def model_rollback(request, version_id):
    return _lifecycle_action(request, version_id, action="rollback")


@staff_view("ml.retrain_modelversion")
@require_POST
def retrain(request):
    task_id = services.retrain_start(requested_by=request.user.get_username())
    return redirect("controlroom:retrain-progress", task_id=task_id)


@staff_view("ml.retrain_modelversion")
@require_GET
def retrain_progress(request, task_id: str):
    return _admin_render(
        request,
        "controlroom/retrain_progress.html",
        {
            "task_id": task_id,
            "status_url": reverse("controlroom:retrain-status", args=[task_id]),
            "compare_url": reverse("controlroom:model-compare"),
            # For retrain.js, which shows them: the names of a result's status and task state.
            "status_names": json.dumps(
                {status.value: str(status.label) for status in ModelVersion.Status}
                | {"skipped": _("skipped")}
            ),
            "state_names": json.dumps(
                {"pending": _("waiting"), "started": _("started"), "retry": _("retrying")}
            ),
        },
        title=_("Retraining"),
    )


@staff_view("ml.retrain_modelversion")
@require_GET
def retrain_status(request, task_id: str):
    return JsonResponse(selectors.retrain_status(task_id=task_id))


# --- public ----------------------------------------------------------------------------------


@require_GET
def public_statistics(request):
    return render(request, "controlroom/statistics.html", {"totals": selectors.public_totals()})
