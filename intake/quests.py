"""The repair-data quests as training rows for the symptom classifier.

The Open Repair Alliance "quests" (CC BY-SA 4.0) label repair-event descriptions with a fault type
per product family. Each fault type maps to one of our symptoms below; fault types that name no
fault ("Unknown", "Poor data", "Multiple") are left out. Battery quest rows (battcat) label repair
steps, not faults, so they are not used. The build command writes the mapped rows to
`intake/data/quest_symptoms.csv.gz` with the repair group of each row, so that an evaluation can
hold out whole groups.
"""

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

QUEST_ROWS_FILE = Path(__file__).resolve().parent / "data" / "quest_symptoms.csv.gz"
QUEST_SOURCE = (
    "Open Repair Alliance, Open Repair Data quests (openrepair/data quests/, commit "
    "84dce89cf5b9c325e817b863d348be36f4613116), CC BY-SA 4.0, https://openrepair.org/open-data/"
)
SKIPPED_FAULTS = {"Unknown", "Poor data", "Multiple"}

_COMPUTER = {
    "Boot": "does-not-boot",
    "Case/chassis": "hinge-case",
    "Configuration": "slow-software",
    "Integrated keyboard": "keyboard-touchpad",
    "Integrated pointing device": "keyboard-touchpad",
    "Integrated media component": "other",
    "Integrated screen": "broken-screen",
    "Internal damage": "other",
    "Integrated optical drive": "other",
    "Internal storage": "does-not-boot",
    "Operating system": "slow-software",
    "Other": "other",
    "Overheating": "overheating",
    "Performance": "slow-software",
    "Ports/slots/connectors": "other",
    "Power/battery": "no-power",
    "System board": "other",
    "Virus/malware": "slow-software",
}
_DESKTOP = {
    **_COMPUTER,
    "Case/chassis": "other",
    "Integrated keyboard": "other",
    "Integrated pointing device": "other",
    "Integrated screen": "no-display",
    "Internal storage": "storage-failure",
    "Overheating": "noise-overheating",
}
_HANDHELD = {
    "Power/battery": "battery",
    "Screen": "broken-screen",
    "Stuck booting": "does-not-turn-on",
    "Camera": "camera-speaker-mic",
    "Headphone jack": "camera-speaker-mic",
    "Speaker/amplifier": "camera-speaker-mic",
    "Charger": "charging-port",
    "On/Off button": "other",
    "Volume buttons": "other",
    "Other buttons": "other",
    "Software update": "slow-software",
    "Storage problem": "slow-software",
    "USB/charging port": "charging-port",
    "Sim card slot": "other",
    "Microphone": "camera-speaker-mic",
    "Bluetooth": "other",
    "Memory card slot": "other",
    "External damage": "other",
    "Internal damage": "other",
    "Liquid damage": "water-damage",
    "Performance": "slow-software",
    "Software issue": "slow-software",
    "Access issue": "slow-software",
    "Help/configuration": "slow-software",
    "Other": "other",
}
_TABLET = {
    **_HANDHELD,
    "Power/battery": "no-power-battery",
    "Stuck booting": "stuck-booting",
    "Camera": "other",
    "Headphone jack": "other",
    "Speaker/amplifier": "other",
    "Microphone": "other",
    "On/Off button": "buttons",
    "Volume buttons": "buttons",
    "Other buttons": "buttons",
    "Liquid damage": "other",
}
_PRINTER = {
    "Card reader": "other",
    "Configuration": "connection",
    "Control buttons": "other",
    "Display panel": "other",
    "External damage": "other",
    "Imaging unit/drum": "print-quality",
    "Ink cartridge": "cartridge",
    "Internal damage": "other",
    "Paper feed": "paper-feed",
    "Paper output": "paper-feed",
    "Power supply/connectors": "no-power",
    "Print quality": "print-quality",
    "Printhead cleaning": "print-quality",
    "Printhead failure": "printhead-failure",
    "Scanner": "scanner",
    "Software issue/update": "connection",
    "Toner": "cartridge",
    "USB port/cable": "connection",
    "Vendor lock-in": "cartridge",
    "Waste toner/ink box": "cartridge",
    "WiFi": "connection",
    "Other": "other",
}
_VACUUM = {
    "Accessories/attachments": "other",
    "Blockage": "no-suction",
    "Brush": "brush-roll",
    "Button/switch": "does-not-start",
    "Cable/cord": "cord",
    "Display/LED": "other",
    "Dustbag/canister": "no-suction",
    "External damage": "other",
    "Filter": "no-suction",
    "Hose/tube/pipe": "no-suction",
    "Internal damage": "other",
    "Liquid damage": "other",
    "Motor": "motor",
    "Overheating": "motor",
    "Power/battery": "battery",
    "Wheels/rollers": "other",
    "Other": "other",
}

# quest file -> (our category slug, fault type -> our symptom slug)
QUESTS: dict[str, tuple[str, dict[str, str]]] = {
    "compcat_laptops.csv": ("laptop", _COMPUTER),
    "compcat_desktops.csv": ("desktop-computer", _DESKTOP),
    "tabicat.csv": ("tablet", _TABLET),
    "mobifix.csv": ("smartphone", _HANDHELD),
    "printcat.csv": ("printer", _PRINTER),
    "dustup.csv": ("vacuum-cleaner", _VACUUM),
}


@dataclass(frozen=True)
class QuestRow:
    category: str
    symptom: str
    group: str
    text: str


def _groups_by_ords_id(composite: Path) -> dict[str, str]:
    with composite.open(newline="", encoding="utf-8") as handle:
        return {
            row["id"]: f"{row['data_provider']}|{row['group_identifier']}"
            for row in csv.DictReader(handle)
        }


def quest_rows_from_source(data_dir: Path) -> Iterator[QuestRow]:
    """Mapped rows of the quest files under `data_dir` (the shared ORDS data folder).

    The group is the repair event's provider and group id from the ORDS composite; rows without
    one (the mobile quest has its own ids) are grouped by provider and event date.
    """
    groups = _groups_by_ords_id(data_dir / "ords_composite.csv")
    for filename, (category, mapping) in QUESTS.items():
        with (data_dir / "ords_quests" / filename).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                fault, text = row["fault_type"].strip(), row["problem"].strip()
                if fault in SKIPPED_FAULTS or not text:
                    continue
                ords_id = row.get("id_ords") or row.get("id", "")
                group = groups.get(ords_id) or f"{row['data_provider']}|{row['event_date']}"
                yield QuestRow(category, mapping[fault], group, text)


def quest_rows_write(rows: list[QuestRow], path: Path = QUEST_ROWS_FILE) -> None:
    with gzip.open(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["category", "symptom", "group", "text"])
        writer.writerows((r.category, r.symptom, r.group, r.text) for r in rows)


def quest_rows_load(path: Path = QUEST_ROWS_FILE) -> list[QuestRow]:
    with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
        return [QuestRow(**row) for row in csv.DictReader(handle)]
