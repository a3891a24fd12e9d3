from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("連絡協議会")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from council import events  # noqa: F401 - registers verbs, events, dashboard, menu and demo
