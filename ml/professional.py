"""Professional repair success learned from outcomes: repaired vs not repairable per symptom.

Counts come from price records (imports, partner leads, consumer reports), never from synthetic
demo records: generated data must not teach a success rate. Quotes that were declined say nothing
about whether the repair would have worked and are left out. At serve time the counts are shrunk
toward a prior (beta-binomial), so a cell with few outcomes stays close to the prior.
"""

import pandas as pd

REPAIRED = "repaired"
NOT_REPAIRABLE = "not_repairable"
SYNTHETIC = "synthetic"

Counts = tuple[int, int]  # (repaired, not repairable)


def professional_counts(records: pd.DataFrame) -> dict:
    """{"cells": {(category, symptom): (repaired, not_repairable)}, "categories": {category: ...}}
    from non-synthetic records with outcome repaired or not repairable."""
    counts: dict = {"cells": {}, "categories": {}}
    if records.empty:
        return counts
    usable = records[
        records["outcome"].isin([REPAIRED, NOT_REPAIRABLE]) & (records["origin"] != SYNTHETIC)
    ]
    for (category, symptom, outcome), n in (
        usable.assign(symptom=usable["symptom"].fillna("").astype(str))
        .groupby(["category", "symptom", "outcome"])
        .size()
        .items()
    ):
        slot = 0 if outcome == REPAIRED else 1
        for table, key in (
            (counts["cells"], (category, symptom)),
            (counts["categories"], category),
        ):
            current = list(table.get(key, (0, 0)))
            current[slot] += int(n)
            table[key] = tuple(current)
    return counts


def shrunk_rate(counts: Counts, *, prior: float, prior_strength: float) -> float:
    """(repaired + prior * strength) / (repaired + not_repairable + strength)."""
    repaired, failed = counts
    total = repaired + failed + prior_strength
    return (repaired + prior * prior_strength) / total if total > 0 else prior


def professional_estimate(
    counts: dict,
    *,
    category: str,
    symptoms: tuple[str, ...],
    prior: float,
    prior_strength: float,
) -> tuple[float, Counts]:
    """The shrunk success rate of the case and the counts behind it.

    Each chosen symptom uses its own cell; a symptom without outcomes (or no symptom) uses the
    category's pooled counts. With several symptoms the lowest rate counts (the hardest fault).
    """
    pooled = counts.get("categories", {}).get(category, (0, 0))
    best: tuple[float, Counts] | None = None
    for symptom in symptoms or ("",):
        cell = counts.get("cells", {}).get((category, symptom)) if symptom else None
        chosen = cell if cell and sum(cell) else pooled
        rate = shrunk_rate(chosen, prior=prior, prior_strength=prior_strength)
        if best is None or rate < best[0]:
            best = (rate, chosen)
    return best
