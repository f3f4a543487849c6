"""Reads of the control room: the dashboard's numbers, the public totals and retrain status.

Every figure is computed from verdicts, follow-ups, leads and price records in a period of
verdict (or record) creation dates; the tests pin them with known data.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from celery import current_app
from celery.result import AsyncResult
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _lazy

from appliances.models import ReferenceParameter
from controlroom.services import RETRAIN_CACHE_PREFIX
from maintenance.models import FollowUp
from ml.selectors import model_demo_price_count, model_version_active
from partners.models import Lead, Partner
from prices.models import PriceRecord
from repair_advice.models import Verdict

OUTCOMES = ("repair", "replace", "doubt")
DEFAULT_PERIOD_WEEKS = 12


@dataclass(frozen=True)
class Period:
    """A range of local dates, both ends included."""

    date_from: datetime.date
    date_to: datetime.date

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date_from, datetime.time.min))

    @property
    def end(self) -> datetime.datetime:
        next_day = self.date_to + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def period_default(*, today: datetime.date | None = None) -> Period:
    """The last 12 weeks up to and including today."""
    today = today or timezone.localdate()
    return Period(
        today - datetime.timedelta(weeks=DEFAULT_PERIOD_WEEKS) + datetime.timedelta(1), today
    )


def _week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _verdicts(period: Period):
    return Verdict.objects.filter(created_at__gte=period.start, created_at__lt=period.end)


def verdicts_per_week(*, period: Period) -> list[dict]:
    """Verdicts per ISO week (Monday) by outcome; every week of the period is listed."""
    counts: dict[datetime.date, Counter] = defaultdict(Counter)
    for created_at, outcome in _verdicts(period).values_list("created_at", "outcome"):
        counts[_week_start(timezone.localdate(created_at))][outcome] += 1
    rows = []
    week = _week_start(period.date_from)
    while week <= period.date_to:
        rows.append({"week": week, **{outcome: counts[week][outcome] for outcome in OUTCOMES}})
        week += datetime.timedelta(weeks=1)
    return rows


def _english() -> bool:
    return (get_language() or "nl")[:2] == "en"


def repair_share_per_category(*, period: Period) -> list[dict]:
    """Per category with verdicts: how many, how many said repair, and the repair share (0-1);
    the category's name in the active language."""
    rows = (
        _verdicts(period)
        .values("category__slug", "category__name_nl", "category__name_en")
        .annotate(total=Count("id"), repair=Count("id", filter=Q(outcome="repair")))
        .order_by("-total", "category__slug")
    )
    return [
        {
            "category": row["category__slug"],
            "name": row["category__name_en" if _english() else "category__name_nl"],
            "total": row["total"],
            "repair": row["repair"],
            "share": row["repair"] / row["total"],
        }
        for row in rows
    ]


def _followed_repairs(verdicts):
    """Repair verdicts whose person answered they repaired it and it worked (each once)."""
    return verdicts.filter(
        outcome="repair", follow_ups__choice="repaired", follow_ups__worked=True
    ).distinct()


def _co2e_avoided_kg(facts: dict, displacement: float | None = None) -> float:
    """CO2e a followed repair avoided. Verdicts since facts version 2 give CO2e per year of use
    for one person's choice (no displacement); over the years the repair bought, times the
    population's displacement factor. Version 1 figures already held the displacement."""
    if facts.get("facts_version", 1) >= 2:
        per_year = facts.get("co2e_kg_per_year") or {}
        years = facts.get("remaining_life_years") or 0.0
        if per_year.get("replace") is None or per_year.get("repair") is None:
            return 0.0
        saved = (float(per_year["replace"]) - float(per_year["repair"])) * float(years)
        return saved * (displacement if displacement is not None else 1.0)
    co2e = facts.get("co2e_kg") or {}
    if co2e.get("replace") is None or co2e.get("repair") is None:
        return 0.0
    return float(co2e["replace"]) - float(co2e["repair"])


def displacement_factor() -> float | None:
    return (
        ReferenceParameter.objects.filter(key="displacement_factor")
        .values_list("value", flat=True)
        .first()
    )


def co2e_avoided(*, period: Period) -> dict:
    """Estimated CO2e avoided per week by followed repair verdicts (see `_co2e_avoided_kg`; the
    displacement factor is applied here, once, to verdicts that do not hold it)."""
    per_week: dict[datetime.date, float] = defaultdict(float)
    followed = 0
    factor = displacement_factor()
    for created_at, facts in _followed_repairs(_verdicts(period)).values_list(
        "created_at", "facts"
    ):
        per_week[_week_start(timezone.localdate(created_at))] += _co2e_avoided_kg(facts, factor)
        followed += 1
    rows = []
    week = _week_start(period.date_from)
    while week <= period.date_to:
        rows.append({"week": week, "co2e_kg": round(per_week[week], 1)})
        week += datetime.timedelta(weeks=1)
    return {
        "rows": rows,
        "followed": followed,
        "total_kg": round(sum(per_week.values()), 1),
        "displacement_factor": displacement_factor(),
    }


def price_calibration(*, period: Period) -> dict:
    """Predicted (repair_cost_eur.expected of the verdict) versus reported repair prices, from
    follow-ups that name a price and from partner leads with a repaired outcome."""
    pairs = []
    follow_ups = FollowUp.objects.filter(
        verdict__created_at__gte=period.start,
        verdict__created_at__lt=period.end,
        choice=FollowUp.Choice.REPAIRED,
        price_eur__isnull=False,
    ).values_list("verdict_id", "verdict__facts", "price_eur")
    for verdict_id, facts, price in follow_ups:
        pairs.append(("follow-up", verdict_id, facts, price))
    leads = Lead.objects.filter(
        verdict__created_at__gte=period.start,
        verdict__created_at__lt=period.end,
        outcome=Lead.Outcome.REPAIRED,
        outcome_total_eur__isnull=False,
    ).values_list("verdict_id", "verdict__facts", "outcome_total_eur")
    for verdict_id, facts, price in leads:
        pairs.append(("lead", verdict_id, facts, price))

    rows = []
    for source, verdict_id, facts, reported in pairs:
        expected = ((facts or {}).get("repair_cost_eur") or {}).get("expected")
        if expected is None:
            continue
        rows.append(
            {
                "source": source,
                "verdict": str(verdict_id),
                "predicted_eur": float(expected),
                "reported_eur": float(Decimal(reported)),
            }
        )
    summary = {"count": len(rows)}
    if rows:
        errors = [row["reported_eur"] - row["predicted_eur"] for row in rows]
        summary |= {
            "mean_predicted_eur": round(sum(r["predicted_eur"] for r in rows) / len(rows), 2),
            "mean_reported_eur": round(sum(r["reported_eur"] for r in rows) / len(rows), 2),
            "mean_absolute_error_eur": round(sum(abs(e) for e in errors) / len(errors), 2),
            "median_error_eur": round(median(errors), 2),
        }
    return {"rows": rows, "summary": summary}


def partner_contributions(*, period: Period) -> list[dict]:
    """Per partner: price records it sent and leads it received in the period (by creation)."""
    in_period = {"gte": period.start, "lt": period.end}
    partners = Partner.objects.annotate(
        price_records_count=Count(
            "price_records",
            filter=Q(
                price_records__created_at__gte=in_period["gte"],
                price_records__created_at__lt=in_period["lt"],
            ),
            distinct=True,
        ),
        leads_count=Count(
            "leads",
            filter=Q(
                leads__created_at__gte=in_period["gte"], leads__created_at__lt=in_period["lt"]
            ),
            distinct=True,
        ),
        leads_repaired=Count(
            "leads",
            filter=Q(
                leads__created_at__gte=in_period["gte"],
                leads__created_at__lt=in_period["lt"],
                leads__outcome="repaired",
            ),
            distinct=True,
        ),
    ).order_by("name")
    return [
        {
            "partner": partner.name,
            "partner_id": partner.pk,
            "price_records": partner.price_records_count,
            "leads": partner.leads_count,
            "leads_repaired": partner.leads_repaired,
        }
        for partner in partners
    ]


def public_totals() -> dict:
    """All-time headline figures for the public statistics page."""
    by_outcome = dict(Verdict.objects.values_list("outcome").annotate(n=Count("id")).order_by())
    followed = _followed_repairs(Verdict.objects.all())
    factor = displacement_factor()
    co2e = sum(
        _co2e_avoided_kg(facts, factor) for facts in followed.values_list("facts", flat=True)
    )
    active = model_version_active()
    return {
        "verdicts": {outcome: by_outcome.get(outcome, 0) for outcome in OUTCOMES},
        "verdicts_total": sum(by_outcome.values()),
        "repairs_followed": followed.count(),
        "co2e_avoided_kg": round(co2e, 1),
        "displacement_factor": displacement_factor(),
        "price_records": PriceRecord.objects.count(),
        # Real and synthetic demo prices apart: a figure shaped by demo data must say so.
        "price_records_real": PriceRecord.objects.exclude(
            origin=PriceRecord.Origin.SYNTHETIC
        ).count(),
        "price_records_demo": PriceRecord.objects.filter(
            origin=PriceRecord.Origin.SYNTHETIC
        ).count(),
        "model_demo_prices": model_demo_price_count(active),
        "active_model_version": active.label if active else None,
    }


def retrain_status(*, task_id: str) -> dict:
    """State of a retraining started from the control room: PENDING, STARTED, SUCCESS or
    FAILURE, with the task's result (version label and status) when done."""
    stored = cache.get(f"{RETRAIN_CACHE_PREFIX}{task_id}")
    if stored and stored["state"] != "PENDING":
        return stored

    if current_app.conf.task_always_eager:  # eager runs report only through the cache
        return stored or {"state": "UNKNOWN"}
    result = AsyncResult(task_id)
    if result.state == "SUCCESS":
        return {"state": "SUCCESS", "result": result.result}
    if result.state == "FAILURE":
        return {"state": "FAILURE", "error": str(result.result)}
    if stored is None and result.state == "PENDING":
        return {"state": "UNKNOWN"}
    return {"state": result.state}


# --- model versions --------------------------------------------------------------------------

# The metrics a person compares between versions, grouped, each with its name in words and its
# kind: "score" (4 decimals), "euro", "share" (a percentage) or "count". Paths are tried in
# order: metrics of a format-1 version keep the success scores under success.model.
MODEL_METRICS = [
    (
        _lazy("Success model: the chance that a repair works"),
        [
            (
                ("success.brier", "success.model.brier"),
                _lazy("Brier score, no description (lower is better)"),
                "score",
            ),
            (
                ("success.with_description.brier",),
                _lazy("Brier score, with a description (lower is better)"),
                "score",
            ),
            (
                ("success.base_rate.brier",),
                _lazy("Brier score of the base rate, for comparison"),
                "score",
            ),
            (
                ("success.per_category_rate.brier",),
                _lazy("Brier score of the rate per category, for comparison"),
                "score",
            ),
            (
                ("success.brier_skill", "success.model.brier_skill"),
                _lazy("Brier skill score against the base rate (higher is better)"),
                "score",
            ),
            (
                ("success.auc", "success.model.auc"),
                _lazy("AUC, no description (higher is better; 0.5 is chance)"),
                "score",
            ),
            (
                ("success.with_description.auc",),
                _lazy("AUC, with a description (higher is better)"),
                "score",
            ),
            (
                ("success.ece", "success.model.ece"),
                _lazy("Expected calibration error (lower is better)"),
                "score",
            ),
            (
                ("success.train_base_rate",),
                _lazy("Share of successful repairs in the training data"),
                "share",
            ),
        ],
    ),
    (
        _lazy("Cost model: the repair price"),
        [
            (
                ("cost.model.pinball_p10",),
                _lazy("Pinball loss P10 in euros (lower is better)"),
                "euro",
            ),
            (
                ("cost.model.pinball_p50",),
                _lazy("Pinball loss P50 in euros (lower is better)"),
                "euro",
            ),
            (
                ("cost.model.pinball_p90",),
                _lazy("Pinball loss P90 in euros (lower is better)"),
                "euro",
            ),
            (
                ("cost.model.pinball_mean",),
                _lazy("Mean pinball loss in euros (lower is better)"),
                "euro",
            ),
            (
                ("cost.category_symptom_median.pinball_mean",),
                _lazy("Mean pinball loss of the median per category and fault, for comparison"),
                "euro",
            ),
            (
                ("cost.coverage_p10_p90",),
                _lazy("Share of held-out prices between P10 and P90 (aim: 80%)"),
                "share",
            ),
        ],
    ),
    (
        _lazy("Data"),
        [
            (("holdout.success_rows",), _lazy("Held-out repair events (success model)"), "count"),
            (("holdout.success_groups",), _lazy("Held-out repair groups"), "count"),
            (("holdout.cost_rows",), _lazy("Held-out price records (cost model)"), "count"),
            (("snapshot:price_records",), _lazy("Price records at training"), "count"),
            (("snapshot:price_origins.synthetic",), _lazy("of which demo prices"), "count"),
            (("snapshot:ords_rows",), _lazy("Repair events from ORDS"), "count"),
            (("timing.total_seconds",), _lazy("Training time in seconds"), "seconds"),
        ],
    ),
]

DECIMALS = {"score": 4, "euro": 2, "share": 1, "count": 0, "seconds": 1}


def _path_value(version, path: str):
    source, path = (
        (version.data_snapshot, path[9:])
        if path.startswith("snapshot:")
        else (version.metrics, path)
    )
    value = source or {}
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def metric_format(value, kind: str) -> str:
    """One number format per language (Dutch 0,1689 and 1.234; English 0.1689 and 1,234);
    counts without decimals, shares as percentages."""
    if value is None:
        return "–"
    decimals = DECIMALS[kind]
    value = 100 * value if kind == "share" else value
    # number_format cuts a float's digits off; round first, as the Markdown report does.
    shown = number_format(round(value, decimals), decimals, force_grouping=True)
    if kind == "share":
        return f"{shown}%"
    return f"€ {shown}" if kind == "euro" else shown


def model_metric_groups(versions: list) -> list[dict]:
    """The compared metrics of `versions`, grouped, by name in words, formatted for the active
    language; a row that no version has is left out."""
    groups = []
    for title, metrics in MODEL_METRICS:
        rows = []
        for paths, name, kind in metrics:
            raw = [
                next((v for v in (_path_value(version, p) for p in paths) if v is not None), None)
                for version in versions
            ]
            if all(value is None for value in raw):
                continue
            rows.append(
                {
                    "key": paths[0],
                    "name": name,
                    "raw": raw,
                    "values": [metric_format(value, kind) for value in raw],
                }
            )
        if rows:
            groups.append({"title": title, "rows": rows})
    return groups


def model_reliability(version) -> list[dict]:
    """The reliability tables (mean predicted chance against the observed share, per bin) stored
    with `version`'s success metrics, one per kind of case."""
    success = (version.metrics or {}).get("success") or {}
    tables = [
        (_lazy("without a description"), success.get("reliability")),
        (_lazy("with a description"), (success.get("with_description") or {}).get("reliability")),
        (_lazy("model"), (success.get("model") or {}).get("reliability")),  # format-1 versions
    ]
    return [{"name": name, "bins": bins} for name, bins in tables if bins]
