"""Print the verdicts of the 144-cell check grid: 12 core categories x their first two symptoms x
ages 0.5 to 15 years at catalogue prices, with the share of doubt and the checks of issue 12."""

import json
from collections import Counter

from django.core.management.base import BaseCommand

from appliances.selectors import category_get_for_verdict
from repair_advice.services import verdict_evaluate

CORE_CATEGORIES = (
    "washing-machine", "tumble-dryer", "dishwasher", "fridge-freezer", "oven", "vacuum-cleaner",
    "coffee-machine", "smartphone", "laptop", "tablet", "television", "printer",
)  # fmt: skip
GRID_AGES = (0.5, 1.5, 3, 6, 10, 15)


def grid_facts() -> list[dict]:
    """The facts of every cell (nothing is stored)."""
    cells = []
    for slug in CORE_CATEGORIES:
        category = category_get_for_verdict(slug=slug)
        symptoms = [s.slug for s in category.symptoms.all() if s.slug != "other"][:2]
        for symptom in symptoms:
            for age in GRID_AGES:
                facts, _ = verdict_evaluate(category=category, symptom_slugs=[symptom],
                                            age_years=age)  # fmt: skip
                cells.append(facts)
    return cells


def grid_summary(cells: list[dict]) -> dict:
    doubts = [f for f in cells if f["verdict"] == "doubt"]
    return {
        "cells": len(cells),
        "verdicts": dict(Counter(f["verdict"] for f in cells)),
        "recommended_routes": dict(Counter(f["recommended_route"] for f in cells)),
        "doubt_share": round(len(doubts) / len(cells), 3) if cells else 0.0,
        "doubts_with_confidence_0_8_or_more": sum(f["confidence"] >= 0.8 for f in doubts),
        "break_even_below_diagnosis_fee": sum(
            f["break_even_repair_cost_eur"] is not None
            and f["break_even_repair_cost_eur"] < f["diagnosis_fee_eur"]
            for f in cells
        ),
        "model_version": cells[0]["model_version"] if cells else None,
    }


class Command(BaseCommand):
    help = "Verdicts of the 144-cell check grid (12 categories x 2 symptoms x 6 ages), summarised."

    def add_arguments(self, parser):
        parser.add_argument("--cells", action="store_true", help="Also print one line per cell.")

    def handle(self, *args, cells, **options):
        facts = grid_facts()
        if cells:
            for f in facts:
                self.stdout.write(
                    f"{f['category']:16} {f['symptoms'][0]:24} {f['age_years']:>4} "
                    f"{f['verdict']:7} {f['confidence']:.2f} {f['recommended_route']:16} "
                    f"break-even {f['break_even_repair_cost_eur']}"
                )
        self.stdout.write(json.dumps(grid_summary(facts)))
