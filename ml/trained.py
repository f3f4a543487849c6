"""Serves one trained model version (the `Predictor` protocol) from its joblib artifact.

The artifact is a dict: {"format", "success", "cost", "professional", "metadata"}; "success" and
"cost" hold fitted scikit-learn objects and arrays (see ml/success.py, ml/cost.py), "professional"
outcome counts (ml/professional.py). Only files whose sha256 matches the database are loaded
(ml/registry.py), because joblib files can run code.
"""

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

from common.postcodes import postcode_region
from ml import cost as cost_model
from ml import success as success_model
from ml.predictor import (
    ApplianceCase,
    CategoryReference,
    CostEstimate,
    ProfessionalSuccess,
    reference_repair_cost,
)
from ml.professional import professional_estimate
from ml.text import symptom_suggestions

# 2: calibrated two-part success model, conformal cost bands, professional outcome counts; no
# symptom texts (format 1 appended them to the description).
ARTIFACT_FORMAT = 2


class ArtifactFormatError(Exception):
    """The artifact was written by an incompatible version of this code."""


class ArtifactLibraryVersionError(ArtifactFormatError):
    """The artifact was pickled by another scikit-learn version: unpickling it may fail or, worse,
    predict differently without an error (scikit-learn gives no compatibility promise)."""


class TrainedPredictor:
    """Predictions of one model version; inference needs no database and no DataFrame."""

    def __init__(self, artifact: dict, *, version_id: str | None, label: str):
        if artifact.get("format") != ARTIFACT_FORMAT:
            raise ArtifactFormatError(f"Unsupported artifact format {artifact.get('format')!r}.")
        self.version_id = version_id
        self.version_label = label
        self.success = artifact["success"]
        self._success_parts = success_model.single_row_parts(self.success)
        self.cost = artifact["cost"]
        self.professional: dict = artifact["professional"]
        self.metadata: dict = artifact.get("metadata", {})

    @classmethod
    def from_file(cls, path: Path | str, *, version_id: str | None, label: str):
        return cls(joblib.load(path), version_id=version_id, label=label)

    # Success ---------------------------------------------------------------------------------

    @staticmethod
    def _case_text(case: ApplianceCase) -> str:
        """The description as the model was trained on it (clauses addressed to the advisor and
        outcome words removed). The chosen symptoms are not added: the repair events have none,
        so symptom words would be text the model never saw in training (docs/model-card.md)."""
        return success_model.clean_texts([case.description])[0]

    def success_probability(self, case: ApplianceCase, reference: CategoryReference) -> float:
        return success_model.success_probability_one(
            self.success,
            self._success_parts,
            self._case_text(case),
            case.brand,
            case.ords_category,
            success_model.clean_age(case.age_years),
        )

    def success_probabilities(self, cases: Sequence[ApplianceCase]) -> np.ndarray:
        """Batch form of `success_probability` (used to score a holdout)."""
        return success_model.success_probabilities(
            self.success,
            [self._case_text(case) for case in cases],
            [case.brand for case in cases],
            [case.ords_category for case in cases],
            np.array([success_model.clean_age(case.age_years) for case in cases], dtype=float),
        )

    # Cost ------------------------------------------------------------------------------------

    def _cost_rows(self, cases: Sequence[ApplianceCase], when: np.ndarray | None = None):
        """One row per (case, symptom); a case without symptoms gets the symptom ''."""
        owners, categories, symptoms, brands, ages, regions = [], [], [], [], [], []
        for i, case in enumerate(cases):
            for slug in case.symptom_slugs or ("",):
                owners.append(i)
                categories.append(case.category_slug)
                symptoms.append(slug)
                brands.append(case.brand)
                ages.append(success_model.clean_age(case.age_years))
                regions.append(postcode_region(case.postcode))
        owners_array = np.array(owners, dtype=int)
        if when is None:
            dates = np.full(len(owners), np.datetime64(date.today(), "D"))
        else:
            dates = when.astype("datetime64[D]")[owners_array]
        X = cost_model.cost_features(
            self.cost,
            categories=categories,
            symptoms=symptoms,
            brands=brands,
            ages=np.array(ages, dtype=float),
            regions=regions,
            dates=dates,
        )
        return owners_array, categories, symptoms, X

    def repair_cost(self, case: ApplianceCase, reference: CategoryReference) -> CostEstimate:
        return self.repair_costs([case], [reference])[0]

    def repair_costs(
        self,
        cases: Sequence[ApplianceCase],
        references: Sequence[CategoryReference],
        when: np.ndarray | None = None,
    ) -> list[CostEstimate]:
        """Batch form of `repair_cost`; `when` (dates) replaces today when scoring old records.

        Categories without enough price records get the catalogue figures. With several symptoms
        the dearest one counts (as in `reference_repair_cost`). A symptom without records in its
        category gets the category's prices times the catalogue's cost factor of that symptom.
        """
        results: list[CostEstimate | None] = [None] * len(cases)
        known = [
            i
            for i, case in enumerate(cases)
            if cost_model.knows_category(self.cost, case.category_slug)
        ]
        if known:
            known_cases = [cases[i] for i in known]
            owners, categories, symptoms, X = self._cost_rows(
                known_cases, None if when is None else np.asarray(when)[known]
            )
            quantiles = cost_model.cost_quantiles(self.cost, X, categories, symptoms)
            for row, owner in enumerate(owners):
                case_index = known[owner]
                category, symptom = categories[row], symptoms[row]
                if symptom and not cost_model.knows_cell(self.cost, category, symptom):
                    factor = references[case_index].symptom_cost_factors.get(symptom, 1.0)
                    quantiles[row] *= factor
                low, expected, high = (float(v) for v in quantiles[row])
                current = results[case_index]
                if current is None or expected > current.expected:
                    results[case_index] = CostEstimate(low=low, expected=expected, high=high)
        return [
            result if result is not None else reference_repair_cost(case, reference)
            for case, reference, result in zip(cases, references, results, strict=True)
        ]

    # Professional repair ---------------------------------------------------------------------

    def professional_success(
        self, case: ApplianceCase, *, prior: float, prior_strength: float
    ) -> ProfessionalSuccess:
        """Beta-binomial estimate from repairers' outcomes (ml/professional.py)."""
        probability, (repaired, failed) = professional_estimate(
            self.professional,
            category=case.category_slug,
            symptoms=case.symptom_slugs,
            prior=prior,
            prior_strength=prior_strength,
        )
        return ProfessionalSuccess(
            probability=probability, repaired=repaired, not_repairable=failed
        )

    # Intake assist ---------------------------------------------------------------------------

    def suggest_symptoms(self, case: ApplianceCase, candidates: dict[str, str]) -> list[str]:
        return symptom_suggestions(case.description, candidates)


def cases_from_frame(frame: pd.DataFrame) -> list[ApplianceCase]:
    """ApplianceCases of evaluation rows (columns as built in ml/training.py)."""
    return [
        ApplianceCase(
            category_slug=row.category_slug,
            ords_category=row.ords_category,
            symptom_slugs=(row.symptom,) if row.symptom else (),
            age_years=None if pd.isna(row.age_years) else float(row.age_years),
            brand=row.brand,
            description=row.description,
            postcode=row.postcode,
        )
        for row in frame.itertuples(index=False)
    ]
