"""Reads of verdicts and public statistics."""

import copy

from django.db.models import Count
from django.utils.translation import override

from appliances.selectors import category_get_for_verdict
from ml.models import ModelVersion
from ml.selectors import model_demo_price_count
from prices.models import PriceRecord
from repair_advice.facts import facts_json_current
from repair_advice.models import Verdict
from repair_advice.texts import guarantee_text, route_name, route_why_not, route_why_not_code


def verdict_get(*, verdict_id) -> Verdict | None:
    return Verdict.objects.select_related("category", "model_version").filter(id=verdict_id).first()


def verdict_facts_for_reader(*, verdict: Verdict, language: str) -> dict:
    """The verdict's facts (as `VerdictFacts.to_json()`) with every text in the reader's language.

    A verdict stores its texts in the language it was made in; the numbers and codes behind them
    (category, symptoms, routes, reasons, guarantee status) are told again in `language`, so a
    shared link reads in one language. Facts of another language are not touched otherwise.
    """
    facts = facts_json_current(verdict.facts)
    stored = facts["language"]
    if stored == language:
        return facts
    facts = copy.deepcopy(facts)  # told again below: the stored facts stay as they are
    expected = facts["guarantee"]["expected_lifetime_years"]
    category = category_get_for_verdict(slug=facts["category"])
    with override(language):
        if category is not None:
            names = {symptom.slug: symptom.name(language) for symptom in category.symptoms.all()}
            facts["category_name"] = category.name(language)
            facts["symptom_names"] = [
                names.get(slug, name)
                for slug, name in zip(facts["symptoms"], facts["symptom_names"], strict=False)
            ]
        for route in facts["routes"]:
            route["name"] = route_name(route["route"])
            if route["why_not"]:
                code = route_why_not_code(
                    route["why_not"], language=stored, expected_years=expected
                )
                if code is not None:
                    route["why_not"] = route_why_not(code, expected_years=expected)
        guarantee = facts["guarantee"]
        guarantee["text"] = guarantee["notice"] = guarantee_text(
            guarantee["status"], guarantee["cause"], expected
        )
    facts["language"] = language
    return facts


def verdict_demo_prices(*, verdict: Verdict) -> int:
    """How many synthetic demo prices shaped this verdict's repair cost: those of its model
    version's cost model, none for a quote or the catalogue's figures."""
    if (verdict.facts.get("repair_cost_eur") or {}).get("source") != "model":
        return 0
    return model_demo_price_count(verdict.model_version)


def public_stats() -> dict:
    """Headline totals: verdicts by outcome, price records, the active model version."""
    by_outcome = dict.fromkeys(Verdict.Outcome.values, 0)
    for row in Verdict.objects.values("outcome").annotate(n=Count("id")):
        by_outcome[row["outcome"]] = row["n"]
    active = ModelVersion.objects.filter(status=ModelVersion.Status.ACTIVE).first()
    return {
        "verdicts": {"total": sum(by_outcome.values()), **by_outcome},
        "price_records": PriceRecord.objects.count(),
        "model_version": active.label if active else None,
    }
