"""How well the intake fills the form: top-1 and top-3 on a labelled set of descriptions and on
a group holdout of the repair quests (docs/intake.md, `manage.py evaluate_intake`)."""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from appliances.models import Category
from intake.classifier import in_holdout, model_text, symptom_models_train
from intake.quests import quest_rows_load
from intake.services import intake_embedded, symptoms_classify

LABELLED_FILE = (
    Path(__file__).resolve().parent.parent / "tests" / "intake" / "labelled_descriptions.csv"
)


@dataclass(frozen=True)
class TopK:
    n: int
    top1: float
    top3: float

    def line(self, name: str) -> str:
        return f"{name}: n={self.n} top-1={self.top1:.1%} top-3={self.top3:.1%}"


def _topk(rankings: list[tuple[list[str], set[str]]]) -> TopK:
    n = len(rankings)
    top1 = sum(bool(ranked[:1]) and ranked[0] in truth for ranked, truth in rankings)
    top3 = sum(bool(set(ranked[:3]) & truth) for ranked, truth in rankings)
    return TopK(n, top1 / n if n else 0.0, top3 / n if n else 0.0)


def labelled_rows(path: Path = LABELLED_FILE) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def evaluate_labelled(rows: list[dict]) -> dict[str, TopK]:
    """Category and symptom top-1/top-3 of the embedded intake. Symptoms are ranked within the
    true category (as the person sees them once the category is right)."""
    categories = {c.slug: c for c in Category.objects.all()}
    category_rankings, symptom_rankings = [], []
    for row in rows:
        result = intake_embedded(text=row["text"], language=row["language"])
        category_rankings.append(
            ([c.item.slug for c in result.category_candidates], {row["category"]})
        )
        scored, _source = symptoms_classify(category=categories[row["category"]], text=row["text"])
        truth = {s for s in row["symptoms"].split(";") if s}
        symptom_rankings.append(([s.item.slug for s in scored], truth))
    return {"category": _topk(category_rankings), "symptoms": _topk(symptom_rankings)}


def evaluate_quest_holdout() -> dict[str, TopK]:
    """The learned models trained without the holdout groups, scored on them, per category and
    over all: the text model alone, and ("combined") as the intake uses it, with the vocabulary."""
    rows = quest_rows_load()
    models = symptom_models_train([r for r in rows if not in_holdout(r.group)])
    held = [r for r in rows if in_holdout(r.group)]
    categories = {c.slug: c for c in Category.objects.filter(slug__in=models)}
    combined = [
        (
            [s.item.slug for s in symptoms_classify(
                category=categories[r.category], text=r.text, models=models
            )[0]],
            {r.symptom},
        )
        for r in held
    ]  # fmt: skip
    results, everything = {"combined": _topk(combined)}, []
    for category, model in models.items():
        own = [r for r in held if r.category == category]
        if not own:
            continue
        probabilities = model.predict_proba([model_text(r.text) for r in own])
        rankings = [
            ([model.classes_[i] for i in np.argsort(-p)], {r.symptom})
            for r, p in zip(own, probabilities, strict=True)
        ]
        results[category] = _topk(rankings)
        everything += rankings
    results["all"] = _topk(everything)
    return results
