"""Keeping derived data right when reference data changes."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from talentpool.models import SkillRole, SupportTheme


@receiver(post_save, sender=SkillRole, dispatch_uid="talent_search_text_role")
@receiver(post_save, sender=SupportTheme, dispatch_uid="talent_search_text_theme")
def _taxonomy_renamed(sender, instance, created, **kwargs):
    """A role or theme renamed (admin, taxonomy load): the talents whose search text names it."""
    if not created:
        from talentpool.services.talent import rebuild_search_text_for_taxonomy

        transaction.on_commit(lambda: rebuild_search_text_for_taxonomy(instance))
