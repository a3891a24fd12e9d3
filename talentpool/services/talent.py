"""Talent profiles: creating and editing them, their photo, publication, skill levels and trainings."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Organisation, User
from portal.notifications import notify
from portal.workflow import require, transition
from talentpool import permissions
from talentpool.models import (
    ProficiencyLevel,
    SkillLevelChange,
    SkillRole,
    SupportTheme,
    Talent,
    TalentPoolError,
    TalentSkill,
    Training,
)


@transaction.atomic
def create_talent(*, prefecture: Organisation, by: User, **fields) -> Talent:
    """Add a draft profile to a prefecture's pool."""
    if not permissions.can_manage_pool(by, prefecture):
        raise TalentPoolError(_("この人材プールに人材を登録する権限がありません。"))
    themes = fields.pop("themes", [])
    travel_areas = fields.pop("travel_areas", [])
    talent = Talent.objects.create(prefecture=prefecture, **fields)
    talent.themes.set(themes)
    talent.travel_areas.set(travel_areas)
    talent.refresh_search_text()
    record(talent, "talent.created", actor=by, scope=prefecture)
    return talent


@transaction.atomic
def update_talent(*, talent: Talent, by: User, changes: dict) -> Talent:
    """Save edited profile fields (not status or pool) and audit which fields changed."""
    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材の情報を変更する権限がありません。"))
    talent = Talent.objects.select_for_update().get(pk=talent.pk)
    relations = {key: changes.pop(key) for key in ("themes", "travel_areas") if key in changes}
    changed = [field for field, value in changes.items() if getattr(talent, field) != value]
    for field in changed:
        setattr(talent, field, changes[field])
    talent.save()
    for key, values in relations.items():
        if set(getattr(talent, key).all()) != set(values):
            getattr(talent, key).set(values)
            changed.append(key)
    talent.refresh_search_text()
    if changed:
        record(talent, "talent.updated", actor=by, scope=talent.prefecture, data={"fields": changed})
    return talent


@transaction.atomic
def set_talent_photo(*, talent: Talent, data: bytes | None, by: User) -> Talent:
    """Replace (or with None, remove) a talent's photo; the old file goes only after commit."""
    from talentpool.photos import clean_photo

    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材の情報を変更する権限がありません。"))
    talent = Talent.objects.select_for_update().get(pk=talent.pk)
    old, storage = talent.photo.name, talent.photo.storage
    if data is None:
        talent.photo = ""
    else:
        talent.photo.save("photo.jpg", ContentFile(clean_photo(data)), save=False)
    talent.save(update_fields=["photo", "updated_at"])
    if old:
        transaction.on_commit(lambda: storage.delete(old))
    record(talent, "talent.photo_changed", actor=by, scope=talent.prefecture, data={"removed": data is None})
    return talent


# What the talent is told when their profile changes status (withdrawing to a draft is not news).
TALENT_NEWS = {Talent.Status.PUBLISHED: "talent.published", Talent.Status.RETIRED: "talent.retired"}


@transaction.atomic
def change_talent_status(*, talent: Talent, status: str, by: User, note: str = "") -> Talent:
    """Publish, withdraw to draft, or retire a profile (its pool's coordinators); tell the talent."""
    require(
        permissions.can_manage_talent(by, talent),
        _("この人材の公開状態を変更する権限がありません。"),
        TalentPoolError,
    )
    talent = transition(
        talent, to=status, by=by, verb="talent.status_changed", scope=talent.prefecture, note=note
    )
    if status in TALENT_NEWS and talent.user_id:
        notify(
            TALENT_NEWS[status],
            target=talent,
            recipients=[talent.user],
            context={"name": talent.display_name, "by": by.full_name, "note": note},
        )
    return talent


@transaction.atomic
def set_skill_level(*, talent: Talent, role: SkillRole, level: ProficiencyLevel | None, by: User) -> None:
    """Set (or with None, remove) a talent's level in a role; the change is kept in the history."""
    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材のスキルを変更する権限がありません。"))
    current = TalentSkill.objects.filter(talent=talent, role=role).select_related("level").first()
    if (current.level if current else None) == level:
        return
    if level is None:
        current.delete()
    else:
        TalentSkill.objects.update_or_create(talent=talent, role=role, defaults={"level": level})
    SkillLevelChange.objects.create(talent=talent, role=role, level=level, changed_by=by)
    # Reload: the caller's object may predate other edits saved in this transaction.
    Talent.objects.get(pk=talent.pk).refresh_search_text()
    record(
        talent,
        "talent.skill_changed",
        actor=by,
        scope=talent.prefecture,
        data={"role": role.code, "level": level.level if level else None},
    )


@transaction.atomic
def add_training(*, talent: Talent, name: str, completed_on: datetime.date, by: User) -> Training:
    """Record a completed training (CYDER and others) in the talent's career record."""
    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材の研修を記録する権限がありません。"))
    training = Training.objects.create(talent=talent, name=name, completed_on=completed_on)
    record(
        talent,
        "talent.training_added",
        actor=by,
        scope=talent.prefecture,
        data={"training": name, "completed_on": str(completed_on)},
    )
    return training


@transaction.atomic
def update_talent_profile(
    *,
    talent: Talent,
    by: User,
    changes: dict,
    levels: dict[SkillRole, ProficiencyLevel | None],
    photo: bytes | None = None,
    remove_photo: bool = False,
) -> Talent:
    """Save the edit page as one change: fields, a level per role, and the photo; a refusal saves none."""
    talent = update_talent(talent=talent, by=by, changes=changes)
    for role, level in levels.items():
        set_skill_level(talent=talent, role=role, level=level, by=by)
    if photo is not None or remove_photo:
        set_talent_photo(talent=talent, data=photo, by=by)
    return talent


def rebuild_search_text(talents=None) -> int:
    """Recompute the search text of these talents (every talent by default) in bulk, e.g. after a
    role or theme was renamed; returns how many changed."""
    queryset = (Talent.objects.all() if talents is None else talents).prefetch_related(
        Prefetch("skills", queryset=TalentSkill.objects.select_related("role")), "themes"
    )
    now = timezone.now()
    changed = []
    for talent in queryset.order_by("pk").iterator(chunk_size=500):
        text = talent.compute_search_text()
        if text != talent.search_text:
            talent.search_text, talent.updated_at = text, now
            changed.append(talent)
    Talent.objects.bulk_update(changed, ["search_text", "updated_at"], batch_size=500)
    return len(changed)


def rebuild_search_text_for_taxonomy(instance) -> None:
    """After a role or theme changed (admin, taxonomy load): the talents whose text names it."""
    if isinstance(instance, SupportTheme):
        talents = Talent.objects.filter(themes=instance)
    else:
        talents = Talent.objects.filter(skills__role=instance)
    rebuild_search_text(talents.distinct())
