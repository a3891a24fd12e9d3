"""How the talent pool plugs into the spine: its audit verbs, notification events and dashboard
sections, registered with portal's registries. Imported once, from TalentpoolConfig.ready()."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from portal.registry import register_verb

for _verb, _label in {
    "talent.created": pgettext_lazy("audit", "人材を登録"),
    "talent.updated": pgettext_lazy("audit", "人材の情報を更新"),
    "talent.status_changed": pgettext_lazy("audit", "人材の公開状態を変更"),
    "talent.skill_changed": pgettext_lazy("audit", "スキルの習熟度を変更"),
    "talent.capacity_changed": pgettext_lazy("audit", "稼働可能日数を変更"),
    "talent.capacity_booked": pgettext_lazy("audit", "稼働を予約"),
    "talent.training_added": pgettext_lazy("audit", "研修の修了を記録"),
    "talent.photo_changed": pgettext_lazy("audit", "写真を変更"),
    "job.saved": pgettext_lazy("audit", "求人票を保存"),
    "job.status_changed": pgettext_lazy("audit", "求人票の状態を変更"),
    "vendor.saved": pgettext_lazy("audit", "ベンダー・シビックテックの情報を保存"),
}.items():
    register_verb(_verb, _label)
