"""Writes to the catalogue."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from appliances.models import Category, ReferenceParameter, Symptom

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"


@dataclass(frozen=True)
class CatalogueChange:
    """One difference between the file and the database: a row added, or one field changed."""

    kind: str  # "parameter", "category" or "symptom"
    key: str  # the parameter key, the category slug, or "category-slug/symptom-slug"
    field: str = ""  # empty for a row that is new
    old: object = None
    new: object = None

    def __str__(self) -> str:
        if not self.field:
            return f"+ {self.kind} {self.key}"
        return f"~ {self.kind} {self.key}.{self.field}: {_shown(self.old)} -> {_shown(self.new)}"


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class CatalogueLoadResult:
    categories_created: int = 0
    categories_updated: int = 0
    symptoms_created: int = 0
    symptoms_updated: int = 0
    parameters_created: int = 0
    parameters_updated: int = 0
    changes: tuple[CatalogueChange, ...] = ()
    applied: bool = True
    first_load: bool = False
    only_in_database: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes) and self.applied


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


def _same(old: object, new: object) -> bool:
    """Equal as the catalogue means it: 900 (file) equals Decimal('900.00') (database)."""
    if isinstance(new, (int, float)) and not isinstance(new, bool) and old is not None:
        try:
            return float(old) == float(new)
        except (TypeError, ValueError):
            return False
    return old == new


def _differences(kind: str, key: str, row, values: dict) -> list[CatalogueChange]:
    return [
        CatalogueChange(kind, key, name, getattr(row, name), value)
        for name, value in values.items()
        if not _same(getattr(row, name), value)
    ]


def _write(row, values: dict) -> None:
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()


@transaction.atomic
def catalogue_load(
    *, path: Path = CATALOGUE_FILE, overwrite: bool = False, dry_run: bool = False
) -> CatalogueLoadResult:
    """Bring the database in line with the catalogue file and say what differs.

    The database leads once loaded: staff correct figures in the admin (with history), so a plain
    load only adds what is missing (new categories, symptoms, parameters; aliases a category never
    had) and lists every other difference without applying it. `overwrite` applies the file to
    every table the catalogue owns (parameters, categories, symptoms); `dry_run` applies nothing.
    Rows the file no longer has are named in `only_in_database`, never deleted (verdicts cite them).
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = dict.fromkeys(
        ["categories_created", "categories_updated", "symptoms_created", "symptoms_updated",
         "parameters_created", "parameters_updated"], 0,
    )  # fmt: skip
    changes: list[CatalogueChange] = []
    write = not dry_run
    first_load = not Category.objects.exists()
    for parameter in data["parameters"]:
        values = {k: parameter[k] for k in ("value", "unit", "description", "source")}
        # Checked before writing: SQLite would store a too-long unit that PostgreSQL refuses.
        ReferenceParameter(key=parameter["key"], **values).full_clean(validate_unique=False)
        row = ReferenceParameter.objects.filter(key=parameter["key"]).first()
        if row is None:
            changes.append(CatalogueChange("parameter", parameter["key"]))
            counts["parameters_created"] += 1
            if write:
                _write(ReferenceParameter(key=parameter["key"]), values)
            continue
        differences = _differences("parameter", row.key, row, values)
        changes += differences
        if differences and overwrite:
            counts["parameters_updated"] += 1
            if write:
                _write(row, values)
    file_symptoms: set[tuple[str, str]] = set()
    for entry in data["categories"]:
        fields = _category_fields(entry)
        category = Category.objects.filter(slug=entry["slug"]).first()
        if category is None:
            changes.append(CatalogueChange("category", entry["slug"]))
            counts["categories_created"] += 1
            category = Category(slug=entry["slug"])
            if write:
                _write(category, fields)
        else:
            differences = _differences("category", category.slug, category, fields)
            changes += differences
            if overwrite:
                to_apply = fields if differences else {}
            else:
                # Aliases came after the first catalogue: fill empty ones, keep staff edits.
                to_apply = {
                    name: fields[name]
                    for name in ("aliases_nl", "aliases_en")
                    if not getattr(category, name) and fields[name]
                }
            if to_apply:
                counts["categories_updated"] += 1
                if write:
                    _write(category, to_apply)
        for position, symptom in enumerate(entry["symptoms"]):
            file_symptoms.add((entry["slug"], symptom["slug"]))
            symptom_fields = _symptom_fields(symptom, position)
            key = f"{entry['slug']}/{symptom['slug']}"
            row = (
                Symptom.objects.filter(category=category, slug=symptom["slug"]).first()
                if category.pk
                else None
            )
            if row is None:
                changes.append(CatalogueChange("symptom", key))
                counts["symptoms_created"] += 1
                if write:
                    _write(Symptom(category=category, slug=symptom["slug"]), symptom_fields)
                continue
            differences = _differences("symptom", key, row, symptom_fields)
            changes += differences
            if differences and overwrite:
                counts["symptoms_updated"] += 1
                if write:
                    _write(row, symptom_fields)
    file_parameters = {parameter["key"] for parameter in data["parameters"]}
    only_in_database = [
        f"parameter {key}"
        for key in ReferenceParameter.objects.exclude(key__in=file_parameters)
        .order_by("key")
        .values_list("key", flat=True)
    ] + [
        f"symptom {category}/{slug}"
        for category, slug in Symptom.objects.order_by("category__slug", "slug").values_list(
            "category__slug", "slug"
        )
        if (category, slug) not in file_symptoms
    ]
    return CatalogueLoadResult(
        **counts,
        changes=tuple(changes),
        applied=write,
        first_load=first_load,
        only_in_database=tuple(only_in_database),
    )
