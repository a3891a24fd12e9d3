"""Loading the skill taxonomies from talentpool/data/skills.json (data, not code; idempotent)."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from talentpool.models import ProficiencyLevel, SkillRole, SkillType, SupportTheme

DEFAULT_JSON = Path(__file__).resolve().parent.parent / "data" / "skills.json"


def _upsert(model, lookup: dict, values: dict) -> bool:
    """Create or update one row; True when anything changed."""
    row, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        return True
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    for key, value in changed.items():
        setattr(row, key, value)
    if changed:
        row.save(update_fields=list(changed))
    return bool(changed)


@transaction.atomic
def load_skill_taxonomies(path: Path = DEFAULT_JSON) -> int:
    """Create or update every type, role, theme and level; returns how many rows changed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    for type_order, skill_type in enumerate(data["types"]):
        changed += _upsert(
            SkillType,
            {"code": skill_type["code"]},
            {
                "taxonomy": skill_type["taxonomy"],
                "name": skill_type["name"],
                "name_en": skill_type["name_en"],
                "order": type_order,
            },
        )
        parent = SkillType.objects.get(code=skill_type["code"])
        for role_order, role in enumerate(skill_type["roles"]):
            changed += _upsert(
                SkillRole,
                {"code": role["code"]},
                {"type": parent, "name": role["name"], "name_en": role["name_en"], "order": role_order},
            )
    for order, theme in enumerate(data["themes"]):
        changed += _upsert(
            SupportTheme,
            {"code": theme["code"]},
            {"name": theme["name"], "name_en": theme["name_en"], "order": order},
        )
    for level in data["levels"]:
        changed += _upsert(
            ProficiencyLevel,
            {"level": level["level"]},
            {key: level[key] for key in ("name", "name_en", "description", "description_en")},
        )
    return changed
