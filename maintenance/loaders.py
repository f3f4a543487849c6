"""Loaders of the maintenance catalogue data shipped with the app (tasks, second-life locations).

Idempotent: what exists is kept as staff left it.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from appliances.models import Category
from maintenance.models import MaintenanceTask, SecondLifeLocation
from maintenance.services import MaintenanceError

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: int = 0
    kept: int = 0
    unknown_categories: list[str] | None = None


def _read_json(path: Path | None, default_name: str) -> dict[str, Any]:
    with open(path or DATA_DIR / default_name, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def maintenance_tasks_load(*, path: Path | None = None) -> LoadResult:
    """Create the shipped maintenance tasks that are missing, matched on (category, slug).

    Existing tasks are kept as they are, so a reload never undoes a staff edit."""
    data = _read_json(path, "maintenance_tasks.json")
    categories = dict(Category.objects.values_list("slug", "id"))
    result = LoadResult(unknown_categories=[])
    for position, item in enumerate(data["tasks"]):
        category_id = categories.get(item["category"])
        if category_id is None:
            result.unknown_categories.append(item["category"])
            continue
        fields = {key: item[key] for key in ("interval_days", "title_nl", "title_en", "tip_nl",
                                             "tip_en", "source")}  # fmt: skip
        _task, created = MaintenanceTask.objects.get_or_create(
            category_id=category_id, slug=item["slug"], defaults={**fields, "position": position}
        )
        if created:
            result.created += 1
        else:
            result.kept += 1
    return result


@transaction.atomic
def second_life_locations_load(*, path: Path | None = None) -> LoadResult:
    """Create the shipped second-life locations that are missing (staff edits are kept)."""
    data = _read_json(path, "second_life_locations.json")
    result = LoadResult()
    for item in data["locations"]:
        if item["kind"] not in SecondLifeLocation.Kind.values:
            raise MaintenanceError(f"Unknown location kind '{item['kind']}'.")
        _location, created = SecondLifeLocation.objects.get_or_create(
            kind=item["kind"],
            name=item["name"],
            municipality=item["municipality"],
            defaults={key: item.get(key, "") for key in ("address", "postcode", "url")}
            | {"is_demo": item.get("is_demo", True)},
        )
        if created:
            result.created += 1
        else:
            result.kept += 1
    return result
