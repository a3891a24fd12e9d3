"""Loading the reference list of local governments (portal/data/local_governments.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.models import Organisation, RegionalFramework
from portal.models.organisations import validate_lg_code

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "local_governments.csv"
FIELDS = ("kind", "name", "name_kana", "name_en", "prefecture_id", "parent_id", "latitude", "longitude")


@dataclass
class LoadReport:
    created: int = 0
    unchanged: int = 0
    updated: list[str] = field(default_factory=list)
    frameworks_created: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.frameworks_created)


def _decimal(value: str) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.000001")) if value else None


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        try:
            validate_lg_code(row["lg_code"])
        except ValidationError as error:
            raise ValueError(
                f"{path.name}: invalid lg_code {row['lg_code']!r}: {error.messages[0]}"
            ) from error
    return rows


@transaction.atomic
def load_local_governments(path: Path = DEFAULT_CSV) -> LoadReport:
    """Create or update every row (prefectures, then municipalities, then wards); idempotent."""
    rows = read_rows(path)
    report = LoadReport()
    existing = {o.lg_code: o for o in Organisation.objects.filter(lg_code__isnull=False)}
    order = {"prefecture": 0, "ward": 2}
    for row in sorted(rows, key=lambda r: (order.get(r["kind"], 1), r["lg_code"])):
        prefecture_code = f"{row['prefecture_code']}000"
        prefecture = None if row["kind"] == "prefecture" else _by_code_prefix(existing, prefecture_code)
        parent = existing.get(row["parent_lg_code"]) if row["parent_lg_code"] else prefecture
        wanted = {
            "kind": row["kind"],
            "name": row["name"],
            "name_kana": row["name_kana"],
            "name_en": row["name_en"],
            "prefecture_id": prefecture.pk if prefecture else None,
            "parent_id": parent.pk if parent else None,
            "latitude": _decimal(row["lat"]),
            "longitude": _decimal(row["lng"]),
        }
        organisation = existing.get(row["lg_code"])
        if organisation is None:
            existing[row["lg_code"]] = Organisation.objects.create(lg_code=row["lg_code"], **wanted)
            report.created += 1
            continue
        changes = {k: v for k, v in wanted.items() if getattr(organisation, k) != v}
        if changes:
            for key, value in changes.items():
                report.updated.append(f"{row['lg_code']} {key}: {getattr(organisation, key)!r} → {value!r}")
                setattr(organisation, key, value)
            organisation.save(
                update_fields=[k.removesuffix("_id") if k.endswith("_id") else k for k in changes]
            )
        else:
            report.unchanged += 1
    for prefecture in Organisation.objects.prefectures().filter(framework__isnull=True):
        RegionalFramework.objects.create(prefecture=prefecture)
        report.frameworks_created += 1
    return report


def _by_code_prefix(existing: dict[str, Organisation], prefix: str) -> Organisation:
    from portal.models import lg_check_digit

    return existing[prefix + str(lg_check_digit(prefix))]
