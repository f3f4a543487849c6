"""Writes to the catalogue."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from appliances.models import Category, ReferenceParameter, Symptom

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"


@dataclass(frozen=True)
class CatalogueLoadResult:
    categories_created: int = 0
    categories_updated: int = 0
    symptoms_created: int = 0
    parameters_created: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (self.categories_created, self.categories_updated, self.symptoms_created,
             self.parameters_created)
        )  # fmt: skip


def _category_fields(entry: dict) -> dict:
    energy = entry.get("energy_kwh_per_year") or {}
    return {
        "name_nl": entry["name_nl"],
        "name_en": entry["name_en"],
        "ords_category": entry["ords_category"],
        "is_small_appliance": entry.get("is_small_appliance", False),
        "aliases_nl": list(entry.get("aliases", {}).get("nl", [])),
        "aliases_en": list(entry.get("aliases", {}).get("en", [])),
        "new_price_low_eur": entry["new_price_eur"]["low"],
        "new_price_high_eur": entry["new_price_eur"]["high"],
        "new_price_source": entry["new_price_eur"]["source"],
        "lifetime_weibull_shape": entry["lifetime"]["weibull_shape"],
        "lifetime_weibull_scale_years": entry["lifetime"]["weibull_scale_years"],
        "lifetime_source": entry["lifetime"]["source"],
        "embodied_co2e_kg": entry["embodied_co2e_kg"]["value"],
        "embodied_co2e_source": entry["embodied_co2e_kg"]["source"],
        "energy_kwh_per_year": energy.get("value"),
        "energy_source": energy.get("source", ""),
        "callout_fee_eur": entry["callout_fee_eur"]["value"],
        "callout_fee_source": entry["callout_fee_eur"]["source"],
        "repair_cost_low_eur": entry["repair_cost_eur"]["low"],
        "repair_cost_high_eur": entry["repair_cost_eur"]["high"],
        "repair_cost_source": entry["repair_cost_eur"]["source"],
        "legal_expected_lifetime_years": entry["legal_expected_lifetime_years"]["value"],
        "legal_lifetime_source": entry["legal_expected_lifetime_years"]["source"],
        **_route_fields(entry),
    }


def _route_fields(entry: dict) -> dict:
    """The figures behind the routes besides a professional repair and a new appliance."""
    fields = {
        "repair_cafe_accepts": entry.get("repair_cafe_accepts", entry.get("is_small_appliance")),
        "repair_cafe_source": entry.get("repair_cafe_source", ""),
    }
    if prior := entry.get("professional_success_prior"):
        fields |= {
            "professional_success_prior": prior["value"],
            "professional_success_source": prior["source"],
        }
    if refurbished := entry.get("refurbished"):
        fields |= {
            "refurbished_available": refurbished["available"],
            "refurbished_price_share": refurbished["price_share"],
            "refurbished_price_share_low": refurbished["price_share_low"],
            "refurbished_price_share_high": refurbished["price_share_high"],
            "refurbished_life_years": refurbished["life_years"],
            "refurbished_co2e_fraction": refurbished["co2e_fraction"],
            "refurbished_source": refurbished["source"],
        }
    if drift := entry.get("energy_drift"):
        fields |= {
            "energy_drift_per_year": drift["per_year"],
            "energy_drift_max": drift["max"],
            "energy_drift_source": drift["source"],
        }
    return fields


def _aliases_missing(category: Category, fields: dict) -> bool:
    return any(
        not getattr(category, name) and fields[name] for name in ("aliases_nl", "aliases_en")
    )


def _symptom_fields(symptom: dict, position: int) -> dict:
    diy = symptom.get("diy") or {}
    prior = symptom.get("professional_success_prior") or {}
    return {
        "name_nl": symptom["name_nl"],
        "name_en": symptom["name_en"],
        "cost_factor": symptom.get("cost_factor", 1.0),
        "cost_factor_source": symptom.get("cost_factor_source", ""),
        "keywords": symptom.get("keywords", ""),
        "position": position,
        "cause": symptom.get("cause", Symptom.Cause.UNKNOWN),
        "diy_parts_cost_low_eur": diy.get("parts_cost_low_eur"),
        "diy_parts_cost_high_eur": diy.get("parts_cost_high_eur"),
        "diy_success_probability": diy.get("success_probability"),
        "diy_source": diy.get("source", ""),
        "professional_success_prior": prior.get("value"),
        "professional_success_source": prior.get("source", ""),
        "repair_cafe_suitable": symptom.get("repair_cafe_suitable", True),
    }


@transaction.atomic
def catalogue_load(*, path: Path = CATALOGUE_FILE, overwrite: bool = False) -> CatalogueLoadResult:
    """Load the shipped catalogue. Idempotent; existing rows keep staff edits unless `overwrite`
    (which then updates categories, their symptoms and the parameters from the file)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = dict.fromkeys(
        ["categories_created", "categories_updated", "symptoms_created", "parameters_created"], 0
    )
    for parameter in data["parameters"]:
        values = {k: parameter[k] for k in ("value", "unit", "description", "source")}
        # Checked before writing: SQLite would store a too-long unit that PostgreSQL refuses.
        ReferenceParameter(key=parameter["key"], **values).full_clean(validate_unique=False)
        row, created = ReferenceParameter.objects.get_or_create(
            key=parameter["key"], defaults=values
        )
        if not created and overwrite:
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
        counts["parameters_created"] += created
    for entry in data["categories"]:
        fields = _category_fields(entry)
        category, created = Category.objects.get_or_create(slug=entry["slug"], defaults=fields)
        if created:
            counts["categories_created"] += 1
        elif overwrite:
            for name, value in fields.items():
                setattr(category, name, value)
            category.full_clean()
            category.save()
            counts["categories_updated"] += 1
        elif _aliases_missing(category, fields):
            # Aliases came after the first catalogue: fill empty ones, keep any staff edited.
            for name in ("aliases_nl", "aliases_en"):
                if not getattr(category, name):
                    setattr(category, name, fields[name])
            category.save()
            counts["categories_updated"] += 1
        if created:
            category.full_clean()
        for position, symptom in enumerate(entry["symptoms"]):
            symptom_fields = _symptom_fields(symptom, position)
            row, symptom_created = Symptom.objects.get_or_create(
                category=category, slug=symptom["slug"], defaults=symptom_fields
            )
            if symptom_created or overwrite:
                for name, value in symptom_fields.items():
                    setattr(row, name, value)
                row.full_clean()
                row.save()
            counts["symptoms_created"] += symptom_created
    return CatalogueLoadResult(**counts)
