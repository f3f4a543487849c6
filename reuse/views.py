"""Pages of the reuse check for milieustraat and kringloop staff, and the pilot dashboard.

Every page checks the location scope through reuse.selectors: staff see only their location,
coalition staff see all locations.
"""

import functools

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.csv_export import csv_response
from reuse import charts, selectors, services
from reuse.forms import OutcomeUploadForm, ReuseCheckForm
from reuse.reasons import reason_text
from reuse.tasks import reuse_retrain, reuse_retrain_if_due

LOGIN_URL = reverse_lazy("reuse:login")


def reuse_view(view):
    """Logged in, and either staff of a location or allowed to see all locations."""

    @functools.wraps(view)
    @login_required(login_url=LOGIN_URL)
    def wrapped(request, *args, **kwargs):
        location = selectors.staff_location(user=request.user)
        sees_all = selectors.user_sees_all_locations(user=request.user)
        if location is None and not sees_all:
            raise PermissionDenied("Not staff of a reuse pilot location.")
        request.reuse_location = location
        request.reuse_sees_all = sees_all
        return view(request, *args, **kwargs)

    return wrapped


class ReuseLoginView(auth_views.LoginView):
    template_name = "reuse/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("reuse:check")


@reuse_view
def check_new(request):
    """The check: scan a passport (prefills the form) or fill in the few fields by hand."""
    if request.reuse_location is None:
        return redirect("reuse:dashboard")
    appliance = None
    if request.method == "POST":
        form = ReuseCheckForm(request.POST)
        code = request.POST.get("passport", "")
        if code.strip():
            appliance = selectors.passport_from_code(code)
        if request.POST.get("action") == "passport":
            return _passport_prefill(request, code, appliance)
        if code.strip() and appliance is None:
            form.add_error("passport", _("No passport found for this code."))
        if form.is_valid():
            data = form.cleaned_data
            check = services.reuse_check_create(
                location=request.reuse_location,
                user=request.user,
                category=data["category"],
                brand=data["brand"],
                age_years=data["age_years"],
                condition=data["condition"],
                appliance=appliance,
            )
            return redirect("reuse:check-detail", check_id=check.pk)
    else:
        form = ReuseCheckForm()
    return _render_form(request, form, appliance)


def _passport_prefill(request, code: str, appliance):
    if appliance is None:
        form = ReuseCheckForm(initial={"passport": code})
        form.passport_error = _("No passport found for this code. Fill in the fields by hand.")
        return _render_form(request, form, None)
    age = selectors.passport_age_years(appliance)
    form = ReuseCheckForm(
        initial={
            "passport": code.strip(),
            "category": appliance.category,
            "brand": appliance.brand,
            "age_years": age,
        }
    )
    return _render_form(request, form, appliance)


def _render_form(request, form, appliance):
    return render(
        request,
        "reuse/check_form.html",
        {
            "form": form,
            "appliance": appliance,
            "location": request.reuse_location,
            "model_version": selectors.model_version_active(),
            "recent": selectors.check_list_for_user(user=request.user)[:5],
        },
    )


@reuse_view
def check_detail(request, check_id):
    check = selectors.check_get_for_user(user=request.user, check_id=check_id)
    if check is None:
        raise Http404("No such check at your location.")
    return render(
        request, "reuse/check_detail.html", {"check": check, "reason": reason_text(check)}
    )


@reuse_view
def check_list(request):
    checks = selectors.check_list_for_user(user=request.user)[:200]
    return render(request, "reuse/check_list.html", {"checks": checks})


def _dashboard_locations(request):
    """The locations the dashboard covers: ?location=<id> within what the user may see."""
    visible = selectors.location_list_for_user(user=request.user)
    wanted = request.GET.get("location", "")
    if wanted:
        if not wanted.isdigit() or not visible.filter(pk=wanted).exists():
            raise Http404("No such location for you.")
        return visible.filter(pk=wanted), visible.get(pk=wanted)
    return visible, None


@reuse_view
def dashboard(request):
    locations, selected = _dashboard_locations(request)
    weeks = selectors.pilot_weeks(locations=locations)
    totals = selectors.pilot_totals(weeks)
    return render(
        request,
        "reuse/dashboard.html",
        {
            "weeks": weeks,
            "totals": totals,
            "selected": selected,
            "per_location": (
                selectors.pilot_by_location(locations=locations) if request.reuse_sees_all else {}
            ),
            "all_locations": selectors.location_list_for_user(user=request.user),
            "chart_checked": charts.weekly_checks(weeks),
            "chart_kg": charts.weekly_kg(weeks),
            "model_version": selectors.model_version_active(),
        },
    )


@reuse_view
def dashboard_csv(request):
    locations, selected = _dashboard_locations(request)
    weeks = selectors.pilot_weeks(locations=locations)
    name = f"hergebruik-{selected.pk if selected else 'alle'}.csv"
    return csv_response(
        filename=name,
        header=[
            "week_start",
            "location",
            "items_checked",
            "sent_to_reuse",
            "reuse_share",
            "sold",
            "sold_share",
            "kg_diverted",
            "co2e_avoided_kg",
        ],
        rows=[
            [
                row.week,
                selected.name if selected else "all",
                row.checked,
                row.to_reuse,
                round(row.reuse_share, 3) if row.reuse_share is not None else "",
                row.sold,
                round(row.sold_share, 3) if row.sold_share is not None else "",
                round(row.kg_diverted, 1),
                round(row.co2e_avoided_kg, 1),
            ]
            for row in weeks
        ],
    )


@reuse_view
def outcome_import(request):
    """All-or-nothing CSV upload of kringloop outcomes, with the errors per line."""
    location = request.reuse_location
    can_choose = request.user.has_perm("reuse.import_reuseoutcome")
    if not can_choose and (location is None or location.kind != "kringloop"):
        raise PermissionDenied("Only kringloop staff or data stewards import outcomes.")
    form = OutcomeUploadForm(request.POST or None, request.FILES or None)
    errors, result = None, None
    if request.method == "POST" and form.is_valid():
        partner = form.cleaned_data["location"] if can_choose else location
        partner = partner or location
        if partner is None:
            form.add_error("location", _("Choose the kringloop the outcomes are from."))
        else:
            try:
                result = services.reuse_outcomes_import_csv(
                    partner=partner, uploaded_file=form.cleaned_data["file"]
                )
            except services.OutcomesRejected as rejected:
                errors = _error_lines(rejected.errors)
            else:
                reuse_retrain_if_due()
                messages.success(
                    request,
                    _("Imported: %(added)s new, %(updated)s updated.")
                    % {"added": result.added, "updated": result.updated},
                )
                return redirect("reuse:outcome-import")
    return render(
        request,
        "reuse/outcome_import.html",
        {
            "form": form,
            "errors": errors,
            "can_choose": can_choose,
            "columns": services.OUTCOME_FIELDS,
        },
    )


def _error_lines(errors: dict) -> list[str]:
    """{"outcomes": {"3": {"price_eur": [...]}}} as readable lines: 'Line 3, price_eur: ...'."""
    lines = []
    for value in errors.values():
        if isinstance(value, dict):
            for line, fields in value.items():
                for field, field_messages in fields.items():
                    lines.append(
                        _("Line %(line)s, %(field)s: %(messages)s")
                        % {
                            "line": line,
                            "field": field,
                            "messages": " ".join(str(m) for m in field_messages),
                        }
                    )
        else:
            lines.extend(str(message) for message in value)
    return lines


@reuse_view
@require_POST
def retrain(request):
    if not request.user.has_perm("reuse.retrain_reusemodelversion"):
        raise PermissionDenied
    reuse_retrain.delay()
    messages.info(request, _("Retraining started; the dashboard shows the active version."))
    return redirect("reuse:dashboard")
